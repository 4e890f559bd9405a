/**
 * The layer analysis of one engine's images, computed once per image id and
 * kept: an image's layers never change under its id. One read at a time per
 * image (two viewers asking at once share it), and the few most recent
 * analyses kept, with the file tables a comparison needs.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ImageAnalysis } from '#shared/images';
import { toRemoteError } from '../errors';
import { readImageArchive } from './archive';
import type { ComparedImage } from './compare';
import { analyseLayers } from './layer-analysis';
import { inspectImage } from './actions';

export interface Analysed {
  readonly analysis: ImageAnalysis;
  readonly compared: ComparedImage;
}

/** Analyses kept per engine: each holds its image's file table (~150 bytes a path). */
const KEPT = 8;

export class ImageAnalyses {
  private readonly kept = new Map<string, Analysed>();
  private readonly reading = new Map<string, Promise<Analysed>>();

  /** The analysis of the image `ref` names now. */
  async of(docker: Docker, ref: string): Promise<Analysed> {
    const { Id: id, Size: size } = await inspectImage(docker, ref);
    const done = this.kept.get(id);
    if (done) {
      // Most recently used goes last, so the oldest is the first to go.
      this.kept.delete(id);
      this.kept.set(id, done);
      return done;
    }
    let running = this.reading.get(id);
    if (running === undefined) {
      running = analyse(docker, id, size ?? 0).finally(() => this.reading.delete(id));
      this.reading.set(id, running);
    }
    const analysed = await running;
    this.kept.set(id, analysed);
    while (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as string);
    return analysed;
  }
}

async function analyse(docker: Docker, id: string, size: number): Promise<Analysed> {
  const started = performance.now();
  let archive: Readable;
  try {
    archive = (await docker.getImage(id).get()) as unknown as Readable;
  } catch (error) {
    throw toRemoteError(`Could not read the layers of image ${id.slice(7, 19)}`, error);
  }
  let read;
  try {
    read = await readImageArchive(archive);
  } catch (error) {
    archive.destroy();
    throw toRemoteError(`Could not read the layers of image ${id.slice(7, 19)}`, error);
  }
  const { analysis, final } = analyseLayers(read.layers);
  return {
    analysis: { id, ...analysis, archiveBytes: read.bytes, elapsedMs: Math.round(performance.now() - started) },
    compared: { id, size, layers: read.diffIds, files: final },
  };
}

/** The images' requests, bound to one engine; save and load go through the app's one transfer office. */
import type { Readable } from 'node:stream';
import type { RequestHandlerTable } from '#shared/handlers';
import type { LoadResult } from '#shared/images';
import type { Engine } from '../engine';
import { engineMessage } from '../errors';
import type { Transfers } from '../files/transfers';
import { clientOf, imageDetails, inspectImage, removeImage, tagImage } from './actions';
import { ImageAnalyses } from './analysis';
import { compareImages } from './compare';

type ImageRequest =
  | 'image.details'
  | 'image.analyse'
  | 'image.compare'
  | 'image.tag'
  | 'image.remove'
  | 'image.save'
  | 'image.load';

/** A file name for a saved image: its first tag or its short id, with what a file name cannot hold replaced. */
export function savedName(tags: readonly string[], id: string): string {
  const base = tags[0] ?? id.replace(/^sha256:/, '').slice(0, 12);
  return `${base.replace(/[/:@]/g, '_')}.tar`;
}

interface LoadLine {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** What the engine said while loading, one JSON object a line: the images it loaded, or its error. */
export function loadOutcome(output: string): LoadResult | { error: string } {
  const loaded: string[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    let json: LoadLine;
    try {
      json = JSON.parse(line) as LoadLine;
    } catch {
      continue;
    }
    const error = json.errorDetail?.message ?? json.error;
    if (error) return { error };
    const match = /^Loaded image(?: ID)?: (.+)$/.exec(json.stream?.trim() ?? '');
    if (match?.[1]) loaded.push(match[1]);
  }
  return { loaded };
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

export function imageHandlers(engine: Engine, transfers: Transfers): { requests: Pick<RequestHandlerTable, ImageRequest> } {
  const analyses = new ImageAnalyses();
  const receiveLoad = async (body: Readable): Promise<Response> => {
    let output: string;
    try {
      const stream = (await clientOf(engine).loadImage(body, { quiet: true })) as unknown as Readable;
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      output = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      body.destroy();
      return answer(400, { error: `The engine did not load the file: ${engineMessage(error)}` });
    }
    const outcome = loadOutcome(output);
    return 'error' in outcome ? answer(400, { error: `The engine did not load the file: ${outcome.error}` }) : answer(200, outcome);
  };
  return {
    requests: {
      'image.details': (args) => imageDetails(engine, args),
      'image.analyse': async ({ id }) => (await analyses.of(clientOf(engine), id)).analysis,
      'image.compare': async ({ base, other }) => {
        const docker = clientOf(engine);
        const a = await analyses.of(docker, base);
        const b = await analyses.of(docker, other);
        return compareImages(a.compared, b.compared);
      },
      'image.tag': (args) => tagImage(engine, args),
      'image.remove': (args) => removeImage(engine, args),
      'image.save': async ({ id }) => {
        const docker = clientOf(engine);
        const json = await inspectImage(docker, id);
        const tags = (json.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
        // By tag when it has one, so the tar carries the tag and a load gives it back; else by the inspected id.
        const name = tags.includes(id) ? id : (tags[0] ?? json.Id);
        return transfers.streamDownload(
          async () => (await clientOf(engine).getImage(name).get()) as unknown as Readable,
          savedName(tags.includes(id) ? [id] : tags, json.Id),
          'application/x-tar',
        );
      },
      'image.load': async () => {
        clientOf(engine);
        return transfers.receiveUpload(receiveLoad);
      },
    },
  };
}

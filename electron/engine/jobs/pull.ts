/**
 * A pull as a job: the engine's progress read into a bar per layer, the
 * total with speed and time left. The engine makes the image only once every
 * layer is in, so a cancelled pull has made nothing; should the tag have
 * moved anyway (the pull ended as it was cancelled), it is put back where it
 * was, so a cancelled pull never leaves its tag on a new image. A pull for a
 * platform the reference has no image of fails and takes back what it
 * tagged.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { statusCodeOf, engineMessage } from '../errors';
import { authForReference, type Credentials } from './auth';
import { readJsonLines } from './json-lines';
import type { JobHandle, JobOutcome } from './manager';
import { LayerProgress } from './progress';
import { platformMissing, registryProblem } from './registry-words';

/** The image a reference names locally, or null when the engine has none. */
export async function localImageId(docker: Docker, reference: string): Promise<string | null> {
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}

/** Reads a pull or push stream into the job; throws the first error line in the user's words. */
export async function followTransfer(stream: Readable, job: JobHandle, problem: (words: string) => string): Promise<void> {
  const layers = new LayerProgress();
  let failed: string | null = null;
  await readJsonLines(stream, job.signal, (line) => {
    const error = line.errorDetail?.message ?? line.error;
    if (error !== undefined) {
      failed ??= error;
      job.log(error);
      return;
    }
    const before = layers.list().find((layer) => layer.id === line.id)?.state;
    if (layers.apply(line, Date.now())) {
      const after = layers.list().find((layer) => layer.id === line.id)?.state;
      if (after !== before && after !== 'downloading' && after !== 'uploading' && after !== 'extracting') job.log(`${line.id ?? ''}: ${line.status ?? ''}`);
      job.progress({ layers: layers.list(), bytes: layers.bytes(), speed: layers.speed(), etaSeconds: layers.eta() });
    } else if (line.status !== undefined) {
      job.log(line.id === undefined ? line.status : `${line.id}: ${line.status}`);
    }
  });
  if (failed !== null) throw new Error(problem(failed));
}

/** Puts a reference back on the image it named before (or on none), after a cancelled pull. */
async function restoreTag(docker: Docker, reference: string, before: string | null): Promise<void> {
  const now = await localImageId(docker, reference).catch(() => before);
  if (now === before) return;
  if (before === null) {
    await docker.getImage(reference).remove({ noprune: false }).catch(() => undefined);
    return;
  }
  const at = reference.lastIndexOf(':');
  const slash = reference.lastIndexOf('/');
  const [repo, tag] = at > slash ? [reference.slice(0, at), reference.slice(at + 1)] : [reference, 'latest'];
  await docker.getImage(before).tag({ repo, tag }).catch(() => undefined);
}

/** An image's platform as `os/arch[/variant]`. */
function platformOf(image: { Os: string; Architecture: string; Variant?: string | undefined }): string {
  return [image.Os, image.Architecture, image.Variant].filter(Boolean).join('/');
}

/** Whether an image is of `platform`; a variant counts only when both name one (arm64 images often name none). */
function isOfPlatform(image: { Os: string; Architecture: string; Variant?: string | undefined }, platform: string): boolean {
  const [os, architecture, variant] = platform.split('/');
  return image.Os === os && image.Architecture === architecture && (!variant || !image.Variant || image.Variant === variant);
}

export async function pullJob(docker: Docker, reference: string, platform: string, credentials: Credentials | undefined, job: JobHandle): Promise<JobOutcome> {
  const words = (engineWords: string): string => registryProblem('Could not pull', reference, engineWords);
  const before = await localImageId(docker, reference).catch(() => null);
  const authconfig = await authForReference(credentials, reference);
  let stream: Readable;
  try {
    stream = (await docker.pull(reference, { ...(platform ? { platform } : {}), ...(authconfig ? { authconfig } : {}), abortSignal: job.signal })) as Readable;
  } catch (error) {
    if (job.signal.aborted) throw error;
    throw new Error(words(engineMessage(error)));
  }
  try {
    await followTransfer(stream, job, words);
  } catch (error) {
    // A digest names one image for ever: there is no tag to put back.
    if (job.signal.aborted && !reference.includes('@')) await restoreTag(docker, reference, before);
    throw error;
  }
  const imageId = await localImageId(docker, reference);
  if (platform && imageId !== null) {
    const image = await docker.getImage(imageId).inspect();
    if (!isOfPlatform(image, platform)) {
      // Engines before 23 pull a tag's single image whatever platform was asked (only a manifest list is checked): take back what it tagged.
      await restoreTag(docker, reference, before);
      throw new Error(platformMissing('Could not pull', reference, platform, platformOf(image)));
    }
  }
  return { imageId };
}

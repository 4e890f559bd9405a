/** A push as a job: a bar per layer, the registry's refusal in words. */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { engineMessage } from '../errors';
import { authForReference, type Credentials } from './auth';
import type { JobHandle, JobOutcome } from './manager';
import { followTransfer, localImageId } from './pull';
import { registryProblem } from './registry-words';

export async function pushJob(docker: Docker, reference: string, credentials: Credentials | undefined, job: JobHandle): Promise<JobOutcome> {
  const words = (engineWords: string): string => registryProblem('Could not push', reference, engineWords);
  const imageId = await localImageId(docker, reference);
  if (imageId === null) throw new Error(`Could not push ${reference}: there is no such image on this engine (tag one first)`);
  const at = reference.lastIndexOf(':');
  const slash = reference.lastIndexOf('/');
  const [name, tag] = at > slash ? [reference.slice(0, at), reference.slice(at + 1)] : [reference, 'latest'];
  const authconfig = (await authForReference(credentials, reference)) ?? { serveraddress: '' };
  let stream: Readable;
  try {
    stream = (await docker.getImage(name).push({ tag, authconfig, abortSignal: job.signal })) as Readable;
  } catch (error) {
    if (job.signal.aborted) throw error;
    throw new Error(words(engineMessage(error)));
  }
  await followTransfer(stream, job, words);
  return { imageId };
}

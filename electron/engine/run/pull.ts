/**
 * What a run needs of pulling: whether the engine has the image, and a way
 * to pull one, which is a pull job (electron/engine/jobs/), so a run's pull
 * shows in the Activity list like any other.
 */
import type Docker from 'dockerode';
import { statusCodeOf, toRemoteError } from '../errors';

/** Pulls `image`, resolving once it is here; rejects with the job's reason when the pull failed or was cancelled. */
export type ImagePuller = (image: string) => Promise<void>;

/** True when the engine has the image locally. */
export async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (statusCodeOf(error) === 404) return false;
    throw toRemoteError(`Could not look for the image ${image}`, error);
  }
}

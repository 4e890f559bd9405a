/**
 * Pulling an image with the engine's progress messages. The engine reports a
 * failed pull (unknown tag, no access) as a message in the stream, not as an
 * HTTP error, so each message is checked for one.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { PullProgress } from '#shared/run';
import { statusCodeOf, toRemoteError } from '../errors';

interface ProgressJson {
  id?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
}

export interface Pull {
  done: Promise<void>;
  /** Stops reading the pull; the engine may finish the download on its own. */
  cancel(): void;
}

export function pullImage(docker: Docker, image: string, onProgress: (progress: PullProgress) => void = () => undefined): Pull {
  let stream: Readable | undefined;
  let cancelled = false;
  const done = (async () => {
    try {
      stream = (await docker.pull(image)) as Readable;
    } catch (error) {
      throw toRemoteError(`Could not pull ${image}`, error);
    }
    if (cancelled) {
      stream.destroy();
      throw new Error('pull cancelled');
    }
    const pulling = stream;
    await new Promise<void>((resolve, reject) => {
      let failed: string | null = null;
      docker.modem.followProgress(
        pulling,
        (error: unknown) => {
          if (failed !== null) reject(toRemoteError(`Could not pull ${image}`, new Error(failed)));
          else if (error) reject(toRemoteError(`Could not pull ${image}`, error));
          else if (cancelled) reject(new Error('pull cancelled'));
          else resolve();
        },
        (event: ProgressJson) => {
          const problem = event.errorDetail?.message ?? event.error;
          if (problem) {
            failed = problem;
            return;
          }
          const progress: PullProgress = { status: event.status ?? '' };
          if (event.id) progress.layer = event.id;
          if (event.progressDetail?.total) {
            progress.current = event.progressDetail.current ?? 0;
            progress.total = event.progressDetail.total;
          }
          onProgress(progress);
        },
      );
    });
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      stream?.destroy();
    },
  };
}

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

/**
 * The helper container through which main reads and writes a volume: made
 * from the smallest image already on the engine (nothing is pulled), with
 * the volume mounted and no network, and never started: the engine's
 * archive API reads and writes the files of a stopped container, so nothing
 * of the image ever runs. It is removed when the work is done, whatever
 * happened; its labels say what it is, should Berth die before that.
 */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import { toRemoteError } from '../errors';

/** Where the helper sees the volume. */
export const HELPER_MOUNT = '/berth-volume';
/** The helper's labels: what it is, and which volume it holds. */
export const HELPER_LABEL = 'berth.helper';
export const HELPER_VOLUME_LABEL = 'berth.helper.volume';

export const NO_IMAGE_MESSAGE =
  'This engine has no image at all, and Berth needs one to reach a volume\u2019s files: it makes a container from it that never runs. Pull or load any image (the smallest will do), then try again.';

interface ImageSizeJson {
  Id: string;
  Size?: number;
}

/** The smallest image of a list, or null when there is none (ties go to the lower id, so the choice is stable). */
export function smallestImage(images: readonly ImageSizeJson[]): string | null {
  let best: ImageSizeJson | null = null;
  for (const image of images) {
    const size = image.Size ?? Number.MAX_SAFE_INTEGER;
    const bestSize = best?.Size ?? Number.MAX_SAFE_INTEGER;
    if (best === null || size < bestSize || (size === bestSize && image.Id < best.Id)) best = image;
  }
  return best?.Id ?? null;
}

/**
 * Helpers still in place, per engine client and volume, each with the
 * promise of its removal: a removal of the volume waits for the quick looks
 * (a folder listed, a check for emptiness) to end instead of failing on the
 * helper of a listing the page asked for a moment before.
 */
const live = new WeakMap<Docker, Map<string, Set<Promise<void>>>>();

function track(docker: Docker, volume: string, gone: Promise<void>): void {
  let byVolume = live.get(docker);
  if (byVolume === undefined) live.set(docker, (byVolume = new Map()));
  const set = byVolume.get(volume) ?? new Set();
  byVolume.set(volume, set);
  set.add(gone);
  void gone.then(() => {
    set.delete(gone);
    if (set.size === 0) byVolume.delete(volume);
  });
}

/** Resolves when every brief helper of `volume` that this client made so far is removed. */
export async function helpersGone(docker: Docker, volume: string): Promise<void> {
  await Promise.all([...(live.get(docker)?.get(volume) ?? [])]);
}

export interface Helper {
  readonly container: Docker.Container;
  /** Removes the helper; safe to call more than once. */
  remove(): Promise<void>;
}

export interface HelperUse {
  /** Read-only unless it is to be written. */
  readonly writable: boolean;
  /** A quick look (a folder listed): a removal of the volume waits for it rather than refuse. */
  readonly brief?: boolean;
}

/** Makes the helper for `volume`. */
export async function openHelper(docker: Docker, volume: string, { writable, brief = false }: HelperUse): Promise<Helper> {
  // The engine would make a volume that a mount names and that does not exist: a helper must never create one.
  await inspectVolume(docker, volume);
  let image: string | null;
  try {
    image = smallestImage((await docker.listImages()) as ImageSizeJson[]);
  } catch (error) {
    throw toRemoteError('Could not list the engine\u2019s images', error);
  }
  if (image === null) throw new RemoteError({ code: 'conflict', message: NO_IMAGE_MESSAGE });
  let container: Docker.Container;
  try {
    const body = {
      Image: image,
      // Never run; a command is set only because an image without one cannot be made into a container.
      Entrypoint: ['/berth-volume-helper-never-runs'],
      Cmd: [],
      Labels: { [HELPER_LABEL]: 'volume', [HELPER_VOLUME_LABEL]: volume },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        // NoCopy: an empty volume must stay empty, not receive whatever the image holds at the mount point.
        Mounts: [{ Type: 'volume', Source: volume, Target: HELPER_MOUNT, ReadOnly: !writable, VolumeOptions: { NoCopy: true } }],
      },
    };
    // The cast: dockerode's typings ask for every VolumeOptions field, the engine for none.
    container = await docker.createContainer(body as unknown as Docker.ContainerCreateOptions);
  } catch (error) {
    throw toRemoteError(`Could not reach volume ${volume}`, error);
  }
  let removed: Promise<void> | null = null;
  let settle = (): void => undefined;
  if (brief) track(docker, volume, new Promise<void>((resolve) => (settle = resolve)));
  return {
    container,
    remove: () =>
      (removed ??= container
        .remove({ force: true, v: false })
        .then(
          () => undefined,
          (error: unknown) => console.error(`berth: could not remove the helper container of volume ${volume}`, error),
        )
        .finally(settle)),
  };
}

export interface VolumeInspectJson {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  Scope?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
}

/** The volume as the engine has it, or a not-found that names it. */
export async function inspectVolume(docker: Docker, volume: string): Promise<VolumeInspectJson> {
  try {
    return (await docker.getVolume(volume).inspect()) as unknown as VolumeInspectJson;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) throw new RemoteError({ code: 'not-found', message: `There is no volume ${volume} on this engine.` });
    throw toRemoteError(`Could not read volume ${volume}`, error);
  }
}

/** Runs `use` with a helper for `volume`, and removes the helper afterwards. */
export async function withHelper<T>(docker: Docker, volume: string, how: HelperUse, use: (helper: Helper) => Promise<T>): Promise<T> {
  const helper = await openHelper(docker, volume, how);
  try {
    return await use(helper);
  } finally {
    await helper.remove();
  }
}

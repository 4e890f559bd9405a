/**
 * A volume's files as tar streams, through a helper container: browse one
 * folder, download a file or folder, back the whole volume up, restore a tar
 * into it, clone it. Everything streams (engine → main → client and back):
 * no archive is held in memory whole. The engine's archive API keeps every
 * byte, mode, owner, symlink, hard link and empty folder both ways.
 *
 * What a failed write leaves: nothing. A restore into a new volume or a
 * clone removes the new volume; a restore into an existing one goes to a
 * staging volume first and is copied over only once the tar has proved
 * whole, so a bad or truncated tar never touches the user's volume.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { FolderListing } from '#shared/files';
import { RemoteError } from '#shared/protocol';
import type { VolumeContents } from '#shared/volumes';
import { toRemoteError } from '../errors';
import { listFolder } from '../files/list';
import { HELPER_LABEL, HELPER_MOUNT, inspectVolume, openHelper, withHelper } from './helper';
import { TarCheck } from './tar-check';

/** The helper's path for a path inside the volume. */
function inHelper(path: string): string {
  return path === '/' ? HELPER_MOUNT : `${HELPER_MOUNT}${path.replace(/\/+$/, '')}`;
}

/** An error about the helper's files, in the volume's terms. */
function inVolume(volume: string, error: unknown): RemoteError {
  const remote = error instanceof RemoteError ? error : toRemoteError(`Could not read volume ${volume}`, error);
  const message = remote.message.replaceAll(`${HELPER_MOUNT}/`, '/').replaceAll(HELPER_MOUNT, '/').replace('in this container', `in volume ${volume}`);
  return new RemoteError({ code: remote.code, message });
}

export async function listVolumeFolder(docker: Docker, volume: string, path: string): Promise<FolderListing> {
  return withHelper(docker, volume, { writable: false, brief: true }, async (helper) => {
    try {
      return { ...(await listFolder(docker, helper.container.id, inHelper(path))), path };
    } catch (error) {
      throw inVolume(volume, error);
    }
  });
}

/** Whether the volume holds anything, and the first few names at its top. */
export async function volumeContents(docker: Docker, volume: string): Promise<VolumeContents> {
  return withHelper(docker, volume, { writable: false, brief: true }, async (helper) => {
    const listing = await listFolder(docker, helper.container.id, HELPER_MOUNT, { ms: 10_000, bytes: 64 * 2 ** 20, entries: 5 });
    const sample = listing.entries.map((entry) => entry.name);
    // A listing cut short before any name still means something is there.
    return { empty: sample.length === 0 && listing.truncated === null, sample };
  });
}

/**
 * The tar of `path` in the volume ("/": the whole volume, its entries named
 * "./…" as `tar -C dir .` names them), streamed from the engine; the helper
 * goes when the stream closes, read to the end or abandoned.
 */
export async function openVolumeArchive(docker: Docker, volume: string, path: string): Promise<Readable> {
  const helper = await openHelper(docker, volume, { writable: false });
  let stream: Readable;
  try {
    // "<dir>/." asks for the folder's contents rather than the folder under its own name.
    const source = path === '/' ? `${HELPER_MOUNT}/.` : inHelper(path);
    stream = (await helper.container.getArchive({ path: source })) as unknown as Readable;
  } catch (error) {
    await helper.remove();
    throw inVolume(volume, error);
  }
  stream.once('close', () => void helper.remove());
  return stream;
}

/** Writes a tar into the volume (already checked to exist), the tar checked on its way; rejects, with the check's words first, when it is not whole. */
async function fill(docker: Docker, volume: string, tar: Readable): Promise<void> {
  const check = await TarCheck.create();
  tar.on('error', (error) => check.destroy(error));
  check.on('error', () => tar.destroy());
  await withHelper(docker, volume, { writable: true }, async (helper) => {
    // A sender that hung up while the helper was made leaves a stream that will never end (an aborted request ends without an error): piped on, the engine would wait for it forever.
    if (tar.destroyed || check.destroyed) throw toRemoteError(`Could not restore into volume ${volume}`, tar.errored ?? check.errored ?? new Error('the tar stopped before its first byte was read'));
    const checked = finished(check);
    tar.pipe(check);
    try {
      await helper.container.putArchive(check as unknown as NodeJS.ReadableStream, { path: HELPER_MOUNT });
      await checked;
    } catch (error) {
      checked.catch(() => undefined);
      if (check.errored instanceof RemoteError) throw check.errored;
      if (error instanceof RemoteError) throw error;
      throw toRemoteError(`Could not restore into volume ${volume}`, error);
    }
  });
}

/** Copies every file of one volume into another (both exist), streamed engine to engine through main. */
async function copyVolume(docker: Docker, source: string, target: string): Promise<void> {
  await fill(docker, target, await openVolumeArchive(docker, source, '/'));
}

interface NewVolume {
  name: string;
  labels: Record<string, string>;
}

/** Refuses a name that a volume has already: the engine's create would hand that one back without a word. */
async function ensureAbsent(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getVolume(name).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return;
    throw toRemoteError(`Could not check for a volume named ${name}`, error);
  }
  throw new RemoteError({ code: 'conflict', message: `A volume named ${name} already exists: choose another name.` });
}

async function createNewVolume(docker: Docker, { name, labels }: NewVolume): Promise<void> {
  await ensureAbsent(docker, name);
  try {
    await docker.createVolume({ Name: name, Driver: 'local', Labels: labels });
  } catch (error) {
    throw toRemoteError(`Could not create volume ${name}`, error);
  }
}

/** Removes a volume Berth made for work that failed; a failure here is logged, the work's own error is what the user sees. */
async function discardVolume(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove({ force: true });
  } catch (error) {
    console.error(`berth: could not remove volume ${name} after a failed restore or clone`, error);
  }
}

/** Makes `volume` and runs `work` on it; when the work fails, the volume goes again. */
async function intoNewVolume(docker: Docker, volume: NewVolume, work: () => Promise<void>): Promise<void> {
  await createNewVolume(docker, volume);
  try {
    await work();
  } catch (error) {
    await discardVolume(docker, volume.name);
    throw error;
  }
}

export interface RestoreTarget {
  name: string;
  create: boolean;
  intoNonEmpty: boolean;
  labels: Record<string, string>;
}

/** Checks, before any byte is read, that a restore may go where it is asked to. */
export async function checkRestoreTarget(docker: Docker, target: RestoreTarget): Promise<void> {
  if (target.create) return ensureAbsent(docker, target.name);
  await inspectVolume(docker, target.name);
  if (target.intoNonEmpty) return;
  const contents = await volumeContents(docker, target.name);
  if (!contents.empty) {
    throw new RemoteError({
      code: 'conflict',
      message: `Volume ${target.name} is not empty (it holds ${contents.sample.join(', ')}${contents.sample.length >= 5 ? ', …' : ''}): restoring would mix the backup into it. Confirm to restore anyway, or restore into a new volume.`,
    });
  }
}

/** Restores a tar into a new volume, or into an existing one by way of a staging volume (see the top of this file). */
export async function restoreVolume(docker: Docker, target: RestoreTarget, tar: Readable): Promise<void> {
  await checkRestoreTarget(docker, target);
  if (target.create) {
    await intoNewVolume(docker, target, () => fill(docker, target.name, tar));
    return;
  }
  const staging = { name: `berth-restore-${randomBytes(6).toString('hex')}`, labels: { [HELPER_LABEL]: 'restore' } };
  await createNewVolume(docker, staging);
  try {
    await fill(docker, staging.name, tar);
    await copyVolume(docker, staging.name, target.name);
  } finally {
    await discardVolume(docker, staging.name);
  }
}

/** Clones `source` into a new local volume `target`; the source's driver options are not copied (they may name a share or a host folder that the clone would then write into). */
export async function cloneVolume(docker: Docker, source: string, target: NewVolume): Promise<void> {
  await inspectVolume(docker, source);
  await intoNewVolume(docker, target, () => copyVolume(docker, source, target.name));
}

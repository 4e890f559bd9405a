/**
 * Volumes made, removed and measured. Removal is the one that can lose
 * data: main reads who uses the volume from the engine itself (not from the
 * renderer's word), refuses while any container does unless the user chose
 * to remove them too and the confirmation named each, and deletes only what
 * it inspected.
 */
import type Docker from 'dockerode';
import { requireConfirmed, type Confirmed } from '#shared/confirm';
import type { Volume } from '#shared/model';
import { RemoteError } from '#shared/protocol';
import type { RequestParsedArgs } from '#shared/contract';
import { engineMessage, toRemoteError } from '../errors';
import { volumeFromJson, type VolumeJson } from '../normalise';
import { HELPER_LABEL, helpersGone, inspectVolume } from './helper';

export async function createVolume(docker: Docker, { name, driver, driverOpts, labels }: RequestParsedArgs<'volume.create'>): Promise<Volume> {
  try {
    if (name !== undefined) {
      // The engine hands back an existing volume of that name as if it had made it.
      const exists = await docker.getVolume(name).inspect().then(
        () => true,
        (error: { statusCode?: number }) => {
          if (error.statusCode === 404) return false;
          throw error;
        },
      );
      if (exists) throw new RemoteError({ code: 'conflict', message: `A volume named ${name} already exists.` });
    }
    const made = await docker.createVolume({ ...(name === undefined ? {} : { Name: name }), Driver: driver, DriverOpts: driverOpts, Labels: labels });
    return volumeFromJson((await made.inspect()) as unknown as VolumeJson);
  } catch (error) {
    throw toRemoteError(`Could not create volume${name === undefined ? '' : ` ${name}`}`, error);
  }
}

interface UserJson {
  Id: string;
  Names?: string[] | null;
  Labels?: Record<string, string> | null;
}

/** The containers using a volume, as the engine says now; Berth's own helpers apart. */
async function usersOf(docker: Docker, volume: string): Promise<{ containers: { id: string; name: string }[]; helpers: number }> {
  let list: UserJson[];
  try {
    list = (await docker.listContainers({ all: true, filters: { volume: [volume] } })) as UserJson[];
  } catch (error) {
    throw toRemoteError(`Could not read which containers use volume ${volume}`, error);
  }
  const helpers = list.filter((c) => c.Labels?.[HELPER_LABEL] !== undefined).length;
  const containers = list
    .filter((c) => c.Labels?.[HELPER_LABEL] === undefined)
    .map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, '') }));
  return { containers, helpers };
}

export async function removeVolume(
  docker: Docker,
  { name, removeContainers, confirmed }: { name: string; removeContainers: boolean; confirmed: Confirmed },
): Promise<{ removedContainers: string[] }> {
  const volume = await inspectVolume(docker, name);
  // A listing the page started a moment ago holds a helper for as long as it reads; let it finish.
  await helpersGone(docker, volume.Name);
  const { containers, helpers } = await usersOf(docker, volume.Name);
  if (helpers > 0) {
    throw new RemoteError({ code: 'conflict', message: `Berth is reading or writing volume ${volume.Name} (a browse, backup, restore or clone); try again when that is done.` });
  }
  const names = containers.map((c) => c.name);
  if (containers.length > 0 && !removeContainers) {
    throw new RemoteError({
      code: 'conflict',
      message: `Volume ${volume.Name} is in use by ${containers.length === 1 ? 'container' : 'containers'} ${names.join(', ')}: remove ${containers.length === 1 ? 'it' : 'them'} first, or choose to remove ${containers.length === 1 ? 'it' : 'them'} with the volume.`,
    });
  }
  requireConfirmed(confirmed, { kind: 'volume', id: volume.Name, names: [volume.Name], also: names, alsoKind: 'container' });
  const removed: string[] = [];
  for (const container of containers) {
    try {
      await docker.getContainer(container.id).remove({ force: true, v: false });
    } catch (error) {
      throw toRemoteError(`Could not remove container ${container.name}${removed.length ? ` (removed: ${removed.join(', ')})` : ''}; volume ${volume.Name} is kept`, error);
    }
    removed.push(container.name);
  }
  try {
    await docker.getVolume(volume.Name).remove();
  } catch (error) {
    throw toRemoteError(`Could not remove volume ${volume.Name}${removed.length ? ` (containers removed: ${removed.join(', ')})` : ''}`, error);
  }
  return { removedContainers: removed };
}

interface DiskUsageJson {
  Volumes?: Array<{ Name: string; UsageData?: { Size?: number } | null }> | null;
}

/** How often, and how far apart, to ask again while another client's disk usage walk runs. */
const DF_TRIES = 20;
const DF_PAUSE_MS = 500;

/**
 * The engine's disk usage. Docker before 23 refuses a second walk while one
 * runs ("a disk usage operation is already running", whoever asked); there
 * is nothing to wait on but the walk's end, so ask again a little later.
 */
async function diskUsage(docker: Docker): Promise<DiskUsageJson> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await docker.df()) as DiskUsageJson;
    } catch (error) {
      if (attempt < DF_TRIES && /already running/i.test(engineMessage(error))) {
        await new Promise((resolve) => setTimeout(resolve, DF_PAUSE_MS));
        continue;
      }
      throw toRemoteError('Could not read the engine\u2019s disk usage', error);
    }
  }
}

/** Every volume's size from the engine's disk usage: it walks every volume, so only when the user asks. */
export async function volumeSizes(docker: Docker): Promise<{ sizes: Record<string, number>; at: number }> {
  const usage = await diskUsage(docker);
  const sizes: Record<string, number> = {};
  for (const volume of usage.Volumes ?? []) {
    const size = volume.UsageData?.Size;
    if (size !== undefined && size >= 0) sizes[volume.Name] = size;
  }
  return { sizes, at: Date.now() };
}

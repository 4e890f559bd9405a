/**
 * A cleanup's delete: exactly the items asked for, each a candidate of the
 * preview it names, each re-read just before it goes. An object that changed
 * since the preview (started, tagged, put to use, pinned, replaced by another
 * of the same name) is skipped with the reason; so is anything the engine
 * refuses, in its own words. Nothing is ever forced: the engine's own checks
 * (a running container, an image or volume in use) stay in the way too.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { cleanupItemKey, labelProtects, type CleanupItemRef, type CleanupResult, type CleanupSkippedItem } from '#shared/cleanup';
import { RemoteError } from '#shared/protocol';
import { engineMessage, statusCodeOf } from '../errors';
import { engineTime, type EngineEvent } from '../events';
import { imageStamp, KIND_WORDS, type HeldCandidate } from './candidates';
import type { HeldPreview } from './previews';

/** A few removals at once: 1,000 stopped containers go in seconds, and the engine is not flooded. */
const PARALLEL_REMOVALS = 4;

interface InUse {
  images: Set<string>;
  volumes: Set<string>;
  networks: Set<string>;
}

interface ContainerListJson {
  ImageID?: string;
  Mounts?: { Type?: string; Name?: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string } | null> | null } | null;
}

async function inUse(docker: Docker): Promise<InUse> {
  const containers = (await docker.listContainers({ all: true })) as unknown as ContainerListJson[];
  const used: InUse = { images: new Set(), volumes: new Set(), networks: new Set() };
  for (const container of containers) {
    if (container.ImageID) used.images.add(container.ImageID);
    for (const mount of container.Mounts ?? []) if (mount.Type === 'volume' && mount.Name) used.volumes.add(mount.Name);
    for (const [name, network] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      used.networks.add(name);
      if (network?.NetworkID) used.networks.add(network.NetworkID);
    }
  }
  return used;
}

/** What the items are checked against: what uses what now, when the preview was read, and the volumes mounted since. */
interface Now extends InUse {
  previewAt: number;
  mountedSince: ReadonlySet<string>;
}

/**
 * The volumes a container mounted since `sinceMs`, from the engine's own
 * events (`volume mount`, up to now): one used by a container that is gone
 * again may hold data that no preview saw.
 */
async function volumesMountedSince(docker: Docker, sinceMs: number): Promise<Set<string>> {
  const query = { since: engineTime(sinceMs), until: engineTime(Date.now()), filters: JSON.stringify({ type: ['volume'], event: ['mount'] }) };
  // dockerode types since/until as numbers; the engine takes the fraction as text. With `until` the stream ends by itself.
  const stream = (await docker.getEvents(query as unknown as Docker.GetEventsOptions)) as unknown as Readable;
  const mounted = new Set<string>();
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    try {
      const event = JSON.parse(line) as EngineEvent;
      if (event.Actor?.ID) mounted.add(event.Actor.ID);
    } catch {
      // not a whole event: nothing to learn from it
    }
  }
  return mounted;
}

/** Why the item must stay, or null when it may go; throws what the engine said when it could not be read. */
type Check = (docker: Docker, item: HeldCandidate, now: Now) => Promise<string | null>;

const CHANGED = 'it changed since the preview';

const checks: Record<HeldCandidate['kind'], Check> = {
  async container(docker, item, now) {
    const json = (await docker.getContainer(item.id).inspect()) as {
      Created?: string;
      State?: { Status?: string; StartedAt?: string };
      Config?: { Labels?: Record<string, string> | null };
    };
    const state = json.State?.Status ?? '';
    if (state !== 'created' && state !== 'exited' && state !== 'dead') return `it is ${state} now`;
    const created = json.Created ? String(Math.floor(Date.parse(json.Created) / 1000)) : '';
    if (created !== item.stamp) return CHANGED;
    // Stopped again by now, but it ran since the preview: what it wrote then was in no preview. (By the engine's clock against main's: skew errs one way or the other by as much.)
    const started = Date.parse(json.State?.StartedAt ?? '');
    if (started >= now.previewAt) return 'it ran since the preview';
    return labelProtects(json.Config?.Labels) ? 'it is protected by its label' : null;
  },
  async image(docker, item, used) {
    const json = (await docker.getImage(item.id).inspect()) as { RepoTags?: string[] | null; Config?: { Labels?: Record<string, string> | null } | null };
    if (imageStamp(json.RepoTags) !== item.stamp) return 'its tags changed since the preview';
    if (used.images.has(item.id)) return 'a container uses it now';
    return labelProtects(json.Config?.Labels) ? 'it is protected by its label' : null;
  },
  async volume(docker, item, now) {
    const json = (await docker.getVolume(item.id).inspect()) as { CreatedAt?: string; Labels?: Record<string, string> | null };
    if (now.volumes.has(item.id)) return 'a container uses it now';
    // Before the time it was made: the local driver's "CreatedAt" is its folder's time, which a container's mount moves too.
    if (now.mountedSince.has(item.id)) return 'a container used it since the preview: it may hold data the preview did not see';
    if ((json.CreatedAt ?? '') !== item.stamp) return 'it is another volume of the same name, made since the preview';
    return labelProtects(json.Labels) ? 'it is protected by its label' : null;
  },
  async network(docker, item, used) {
    const json = (await docker.getNetwork(item.id).inspect()) as { Created?: string; Containers?: Record<string, unknown> | null; Labels?: Record<string, string> | null; Name?: string };
    if ((json.Created ?? '') !== item.stamp) return CHANGED;
    // Not counting a swarm overlay's own load balancer (`lb-<network>`).
    if (Object.keys(json.Containers ?? {}).some((id) => !id.startsWith('lb-')) || used.networks.has(item.id) || (json.Name !== undefined && used.networks.has(json.Name))) return 'a container uses it now';
    return labelProtects(json.Labels) ? 'it is protected by its label' : null;
  },
  // Build cache records have random ids, never reused; the engine's prune itself never takes one in use.
  buildCache: async () => null,
};

/**
 * `POST /build/prune` for one record: dockerode's pruneBuilder sends no
 * filters, so the call is made through its modem, as dockerode's other
 * prunes are. `all` lets a shared record go when it is the one ticked.
 */
function pruneBuildCache(docker: Docker, id: string): Promise<{ CachesDeleted?: string[] | null }> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/build/prune?', method: 'POST', options: { filters: JSON.stringify({ id: [id] }), all: true }, statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' } },
      (error: unknown, data: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve((data ?? {}) as { CachesDeleted?: string[] | null })),
    );
  });
}

async function removeOne(docker: Docker, item: HeldCandidate): Promise<string | null> {
  switch (item.kind) {
    case 'container':
      // Its anonymous volumes stay: they are candidates of their own, ticked or not.
      await docker.getContainer(item.id).remove({ v: false });
      return null;
    case 'image': {
      // By tag, one at a time, never forced (a forced delete would also take an image a stopped container uses);
      // `noprune`: the engine's own walk up the parents could take one the preview did not name.
      const tags = item.stamp === '' ? [item.id] : item.stamp.split(',');
      for (const tag of tags) await docker.getImage(tag).remove({ noprune: true });
      // Then the untagged parents the preview named with it, one by one: one that got a tag or a child since stays, and so do those above it.
      for (const parent of item.parents ?? []) {
        const stays = await docker.getImage(parent).remove({ noprune: true }).then(() => false, () => true);
        if (stays) break;
      }
      return null;
    }
    case 'volume':
      await docker.getVolume(item.id).remove();
      return null;
    case 'network':
      await docker.getNetwork(item.id).remove();
      return null;
    case 'buildCache': {
      const result = await pruneBuildCache(docker, item.id);
      return (result.CachesDeleted ?? []).includes(item.id) ? null : 'the engine kept it (in use now, or already gone)';
    }
  }
}

export interface RemoveOptions {
  /** The keys of the objects pinned now: a pin made since the preview still protects. */
  pinned: ReadonlySet<string>;
}

export async function removeItems(docker: Docker, preview: HeldPreview, refs: readonly CleanupItemRef[], options: RemoveOptions): Promise<CleanupResult> {
  const items: HeldCandidate[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = cleanupItemKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const held = preview.items.get(key);
    // Refused whole, before anything goes: a renderer cannot widen what the preview offered.
    if (held === undefined) {
      throw new RemoteError({ code: 'bad-request', message: `Berth deleted nothing: ${KIND_WORDS[ref.kind]} ${ref.id.slice(0, 64)} is not among the items the preview offered.` });
    }
    items.push(held);
  }
  const used = items.some((item) => item.kind !== 'container' && item.kind !== 'buildCache') ? await inUse(docker) : { images: new Set<string>(), volumes: new Set<string>(), networks: new Set<string>() };
  const mountedSince = items.some((item) => item.kind === 'volume') ? await volumesMountedSince(docker, preview.at) : new Set<string>();
  const now: Now = { ...used, previewAt: preview.at, mountedSince };
  const result: CleanupResult = { removed: [], skipped: [], reclaimed: 0 };
  const skip = (item: HeldCandidate, reason: string): void => {
    const skipped: CleanupSkippedItem = { kind: item.kind, id: item.id, name: item.name, reason };
    result.skipped.push(skipped);
  };
  // Containers first: a container that goes may free the image, volume or network it held for a later preview.
  const order: HeldCandidate['kind'][] = ['container', 'image', 'volume', 'network', 'buildCache'];
  for (const kind of order) {
    const queue = items.filter((item) => item.kind === kind);
    const worker = async (): Promise<void> => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        if (options.pinned.has(cleanupItemKey(item))) {
          skip(item, 'it was pinned since the preview');
          continue;
        }
        try {
          const why = (await checks[item.kind](docker, item, now)) ?? (await removeOne(docker, item));
          if (why !== null) {
            skip(item, why);
            continue;
          }
          result.removed.push({ kind: item.kind, id: item.id, name: item.name });
          result.reclaimed += item.size ?? 0;
        } catch (error) {
          skip(item, statusCodeOf(error) === 404 ? 'it was already gone' : `the engine refused: ${engineMessage(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_REMOVALS }, worker));
  }
  return result;
}

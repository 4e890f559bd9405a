/**
 * "Update available": for each tag a container uses, the registry's digest
 * for that tag now (one HEAD, see electron/registries/manifest.ts) against
 * the repo digest of the image the container runs. Grouped by tag and
 * image, a few registries asked at a time; a tag whose registry cannot say
 * is "unknown" with the reason, never an error for the whole list. A
 * multi-arch tag whose index moved is read one step further: when its entry
 * for the container's platform still names the image the container runs,
 * only other platforms changed, and there is no update to offer.
 */
import type { Lists } from '#shared/model';
import { namesATag, type ImageUpdate } from '#shared/registries';
import { isIndex, openManifests, parseReference, platformImageId, type Platform } from '../../registries/manifest';
import type { Credentials } from '../jobs/auth';

const AT_ONCE = 4;

/** The reference with its tag spelled out (`:latest` when it has none). */
export function withTag(reference: string): string {
  const slash = reference.lastIndexOf('/');
  return reference.lastIndexOf(':') > slash ? reference : `${reference}:latest`;
}

/** Whether a repo digest (`repo@sha256:…`) is from the same registry and repository as `reference`. */
function sameRepository(repoDigest: string, reference: string): boolean {
  const a = parseReference(repoDigest);
  const b = parseReference(reference);
  return a.registry === b.registry && a.repository === b.repository;
}

async function inTurn<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
  return results;
}

/** The platform of a local image, as an index names platforms; null when the engine cannot say. */
export type PlatformOf = (imageId: string) => Promise<Platform | null>;

export async function checkUpdates(state: Lists, only: readonly string[] | undefined, credentials: Credentials | undefined, platformOf: PlatformOf): Promise<ImageUpdate[]> {
  const images = new Map(state.images.map((image) => [image.id, image]));
  const groups = new Map<string, { reference: string; imageId: string; containers: string[] }>();
  for (const container of state.containers) {
    // An image named by id or pinned by digest has no tag to move.
    if (!namesATag(container.image)) continue;
    const reference = withTag(container.image);
    if (only && !only.map(withTag).includes(reference)) continue;
    const key = `${reference} ${container.imageId}`;
    const group = groups.get(key) ?? { reference, imageId: container.imageId, containers: [] };
    group.containers.push(container.id);
    groups.set(key, group);
  }
  return inTurn([...groups.values()], async ({ reference, imageId, containers }): Promise<ImageUpdate> => {
    const localDigest = images.get(imageId)?.digests.find((digest) => sameRepository(digest, reference))?.replace(/^.*@/, '') ?? null;
    const base = { reference, containers, localDigest };
    if (localDigest === null) return { ...base, remoteDigest: null, state: 'unknown', reason: 'the image was not pulled from that registry (built or loaded here), so there is no digest to compare' };
    try {
      const auth = credentials ? await credentials.forRegistry(parseReference(reference).registry) : null;
      const session = openManifests(reference, auth);
      const remote = await session.head();
      if (remote.digest === localDigest) return { ...base, remoteDigest: remote.digest, state: 'current', reason: null };
      const found = { ...base, remoteDigest: remote.digest };
      const platform = isIndex(remote) ? await platformOf(imageId) : null;
      if (platform === null) return { ...found, state: 'available', reason: null };
      const name = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
      // The index moved; whether this platform's image did is one more read. Should it fail, the move still stands.
      const newId = await platformImageId(session, remote.digest, platform).catch(() => undefined);
      if (newId === imageId) return { ...found, state: 'current', reason: `the tag's index changed, but only for other platforms: its ${name} image is the one this runs` };
      if (newId === null) return { ...found, state: 'unknown', reason: `the tag no longer has an image for ${name}` };
      return { ...found, state: 'available', reason: null };
    } catch (error) {
      return { ...base, remoteDigest: null, state: 'unknown', reason: (error as Error).message };
    }
  });
}

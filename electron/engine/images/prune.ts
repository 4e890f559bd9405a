/**
 * Prune with an exact preview: the preview lists what would go now, and the
 * prune removes exactly that list, by id, and only what is still as the
 * preview showed it. `exactSet` is the check itself, for any kind of object
 * (the cleanup page's containers, volumes and networks use it too): nothing
 * that appeared after the preview is in the list, so nothing new is touched,
 * and an object that changed meanwhile is skipped with the reason.
 */
import type Docker from 'dockerode';
import type { PruneCandidate, PruneMode, PruneResult } from '#shared/images';
import { engineMessage } from '../errors';
import { imageFromSummary, type ImageSummaryJson } from '../normalise';

export interface ExactSet<P, C> {
  /** Previewed objects that are still as previewed, with how they are now. */
  readonly take: readonly { readonly previewed: P; readonly now: C }[];
  readonly skip: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * Splits `previewed` into what may be deleted and what may not. `current`
 * is the engine's list read after the user confirmed; `changed` says why an
 * object is no longer what the preview showed (or no longer qualifies), or
 * null when it is.
 */
export function exactSet<P extends { readonly id: string }, C>(
  previewed: readonly P[],
  current: ReadonlyMap<string, C>,
  changed: (previewed: P, now: C) => string | null,
): ExactSet<P, C> {
  const take: { previewed: P; now: C }[] = [];
  const skip: { id: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const item of previewed) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const now = current.get(item.id);
    const reason = now === undefined ? 'it is no longer there' : changed(item, now);
    if (reason === null && now !== undefined) take.push({ previewed: item, now });
    else skip.push({ id: item.id, reason: reason ?? 'it is no longer there' });
  }
  return { take, skip };
}

interface ContainerImageJson {
  ImageID?: string;
}

/** The images and the ids of those any container (running or not) uses, as the engine says now. */
async function imagesNow(docker: Docker): Promise<{ images: Map<string, PruneCandidate>; used: Set<string> }> {
  const [images, containers] = await Promise.all([
    docker.listImages() as Promise<ImageSummaryJson[]>,
    docker.listContainers({ all: true }) as Promise<ContainerImageJson[]>,
  ]);
  const used = new Set(containers.flatMap((c) => (c.ImageID ? [c.ImageID] : [])));
  const byId = new Map<string, PruneCandidate>();
  for (const json of images) {
    const image = imageFromSummary(json);
    byId.set(image.id, { id: image.id, tags: image.tags, size: image.size, created: image.created });
  }
  return { images: byId, used };
}

/** Why an image is not one the mode prunes, or null when it is. */
function notPrunable(mode: PruneMode, image: PruneCandidate, used: ReadonlySet<string>): string | null {
  if (used.has(image.id)) return 'a container uses it now';
  if (mode === 'dangling' && image.tags.length > 0) return `it is tagged ${image.tags.join(', ')} now`;
  return null;
}

export async function previewPrune(docker: Docker, mode: PruneMode): Promise<PruneCandidate[]> {
  const { images, used } = await imagesNow(docker);
  return [...images.values()].filter((image) => notPrunable(mode, image, used) === null).sort((a, b) => a.created - b.created);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const others = new Set(b);
  return a.length === others.size && a.every((tag) => others.has(tag));
}

/**
 * Removes the previewed images that are still as previewed: by id when
 * untagged; tag by tag otherwise, never forced, so a container that starts
 * using one between this check and its removal makes the engine refuse.
 */
export async function prune(docker: Docker, mode: PruneMode, previewed: readonly PruneCandidate[]): Promise<PruneResult> {
  const { images, used } = await imagesNow(docker);
  const { take, skip } = exactSet(previewed, images, (was, now) => {
    if (!sameTags(was.tags, now.tags)) return now.tags.length === 0 ? 'its tags were removed since the preview' : `its tags are ${now.tags.join(', ') || 'none'} now`;
    return notPrunable(mode, now, used);
  });
  const result: PruneResult = { removed: [], skipped: [...skip] };
  for (const { now } of take) {
    try {
      if (now.tags.length === 0) await docker.getImage(now.id).remove();
      else for (const tag of now.tags) await docker.getImage(tag).remove();
      result.removed.push({ id: now.id, tags: now.tags, size: now.size });
    } catch (error) {
      result.skipped.push({ id: now.id, reason: engineMessage(error) });
    }
  }
  return result;
}

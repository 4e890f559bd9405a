/**
 * What a cleanup could remove, from the engine's disk usage (`GET
 * /system/df`: every container, image, volume and build cache record with
 * its size) and its networks. Pure, so that which objects are offered and
 * which are ticked (what Docker's own prune would take) is unit-tested.
 */
import { isAnonymousVolumeName } from '#shared/confirm';
import { cleanupItemKey, labelProtects, type CleanupCandidate, type CleanupKind, type ProtectedItem } from '#shared/cleanup';
import { PREDEFINED_NETWORKS } from '#shared/networks';
import { HELPER_LABEL } from '../volumes/helper';

type Labels = Record<string, string> | null | undefined;

export interface DfContainer {
  Id: string;
  Names?: string[] | null;
  ImageID?: string;
  Created?: number;
  State?: string;
  Status?: string;
  SizeRw?: number;
  Labels?: Labels;
  Mounts?: { Type?: string; Name?: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string } | null> | null } | null;
}
export interface DfImage {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  Created?: number;
  Size?: number;
  Labels?: Labels;
}
export interface DfVolume {
  Name: string;
  CreatedAt?: string;
  Labels?: Labels;
  UsageData?: { Size?: number; RefCount?: number } | null;
}
export interface DfBuildCache {
  ID: string;
  Type?: string;
  Description?: string;
  InUse?: boolean;
  Shared?: boolean;
  Size?: number;
  CreatedAt?: string;
}
export interface DiskUsage {
  Containers?: DfContainer[] | null;
  Images?: DfImage[] | null;
  /**
   * Every image (`GET /images/json?all=1`), the legacy builder's untagged
   * intermediate layers among them, which the other lists hide: an image
   * those parent goes with it, as Docker's own prune takes them.
   */
  AllImages?: DfImage[] | null;
  Volumes?: DfVolume[] | null;
  BuildCache?: DfBuildCache[] | null;
}
export interface NetworkJson {
  Id: string;
  Name: string;
  Created?: string;
  Driver?: string;
  Labels?: Labels;
}

/** A candidate and what it was when read: a delete goes ahead only if the object is still that. */
export interface HeldCandidate extends CleanupCandidate {
  readonly stamp: string;
  /** An image's untagged parents that only it holds (child first): they go after it, as `docker image prune` takes them. */
  readonly parents?: readonly string[];
}

export interface CandidateSet {
  candidates: HeldCandidate[];
  protected: ProtectedItem[];
}

const COMPOSE_PROJECT = 'com.docker.compose.project';
/** Docker 23+ marks the volumes it makes for `-v /path` and an image's VOLUME; older engines name them with 64 hex digits. */
const ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous';
const STOPPED_STATES = new Set(['created', 'exited', 'dead']);

function millis(value: string | number | undefined): number | null {
  if (typeof value === 'number') return value > 0 ? value * 1000 : null;
  if (value === undefined || value === '') return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

function sizeOf(value: number | undefined): number | null {
  return typeof value === 'number' && value >= 0 ? value : null;
}

export function isDanglingTags(tags: readonly string[] | null | undefined): boolean {
  return !tags || tags.length === 0 || tags.every((tag) => tag === '<none>:<none>');
}

/** The tags that name an image, in one order, as its stamp: an image tagged (or untagged) since the preview has changed. */
export function imageStamp(tags: readonly string[] | null | undefined): string {
  return isDanglingTags(tags) ? '' : [...tags!].sort().join(',');
}

export function isAnonymousVolume(volume: { Name: string; Labels?: Labels }): boolean {
  return isAnonymousVolumeName(volume.Name) || volume.Labels?.[ANONYMOUS_VOLUME_LABEL] !== undefined;
}

export function containerName(container: { Names?: string[] | null; Id: string }): string {
  return container.Names?.[0]?.replace(/^\//, '') ?? container.Id.slice(0, 12);
}

export function imageName(image: { Id: string; RepoTags?: string[] | null }): string {
  const tags = isDanglingTags(image.RepoTags) ? [] : image.RepoTags!.filter((tag) => tag !== '<none>:<none>');
  return tags.length > 0 ? tags.join(', ') : `<none> ${image.Id.replace(/^sha256:/, '').slice(0, 12)}`;
}

/**
 * For an image, the untagged parents that go with it (child first): each
 * parent up the chain while it has no tag, no other child, no container and
 * no pin. Docker's delete without `noprune` walks the same chain; Berth
 * walks it here so the preview names what goes, and deletes only that.
 */
function chainsOf(all: readonly DfImage[], usedImages: ReadonlySet<string>, pinned: ReadonlySet<string>): (image: DfImage) => string[] {
  const byId = new Map(all.map((image) => [image.Id, image]));
  const children = new Map<string, number>();
  for (const image of all) if (image.ParentId) children.set(image.ParentId, (children.get(image.ParentId) ?? 0) + 1);
  return (image) => {
    const chain: string[] = [];
    for (let parent = byId.get(image.ParentId ?? ''); parent !== undefined; parent = byId.get(parent.ParentId ?? '')) {
      const alone = isDanglingTags(parent.RepoTags) && children.get(parent.Id) === 1 && !usedImages.has(parent.Id);
      if (!alone || pinned.has(cleanupItemKey({ kind: 'image', id: parent.Id }))) break;
      chain.push(parent.Id);
    }
    return chain;
  };
}

export interface CandidateOptions {
  /** Offer named volumes too (anonymous ones always are). */
  namedVolumes: boolean;
  /** The keys (cleanupItemKey) of the objects pinned in Berth. */
  pinned: ReadonlySet<string>;
  /** Offer only the images without a tag (the Images page's dangling prune). */
  danglingOnly?: boolean;
}

export function findCandidates(usage: DiskUsage, networks: readonly NetworkJson[], options: CandidateOptions): CandidateSet {
  const containers = usage.Containers ?? [];
  const candidates: HeldCandidate[] = [];
  const kept: ProtectedItem[] = [];
  /** Offers it unless a pin or a label protects it; Berth's own volume helpers (a transfer's container, a restore's staging volume) are never offered. */
  const offer = (candidate: HeldCandidate, labels: Labels): void => {
    const key = cleanupItemKey(candidate);
    const by = options.pinned.has(key) ? 'pin' : labelProtects(labels) || labels?.[HELPER_LABEL] !== undefined ? 'label' : null;
    if (by === null) candidates.push(candidate);
    else kept.push({ kind: candidate.kind, id: candidate.id, name: candidate.name, by });
  };
  const project = (labels: Labels) => labels?.[COMPOSE_PROJECT] ?? null;

  const usedImages = new Set<string>();
  const usedVolumes = new Set<string>();
  const usedNetworks = new Set<string>();
  for (const container of containers) {
    if (container.ImageID) usedImages.add(container.ImageID);
    for (const mount of container.Mounts ?? []) if (mount.Type === 'volume' && mount.Name) usedVolumes.add(mount.Name);
    for (const [name, network] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      usedNetworks.add(name);
      if (network?.NetworkID) usedNetworks.add(network.NetworkID);
    }
  }

  // Docker's container prune takes every container that is not running.
  for (const container of containers) {
    if (!STOPPED_STATES.has(container.State ?? '')) continue;
    offer(
      {
        kind: 'container',
        id: container.Id,
        name: containerName(container),
        size: sizeOf(container.SizeRw),
        created: millis(container.Created),
        project: project(container.Labels),
        reason: container.Status || container.State || 'stopped',
        ticked: true,
        stamp: String(container.Created ?? ''),
      },
      container.Labels,
    );
  }

  // An image that is another's parent goes only with its child; the engine refuses it alone.
  const parents = new Set((usage.Images ?? []).map((image) => image.ParentId).filter((id): id is string => !!id));
  const untaggedParents = chainsOf(usage.AllImages ?? [], usedImages, options.pinned);
  for (const image of usage.Images ?? []) {
    if (usedImages.has(image.Id) || parents.has(image.Id)) continue;
    const dangling = isDanglingTags(image.RepoTags);
    if (options.danglingOnly && !dangling) continue;
    const chain = untaggedParents(image);
    const layers = chain.length === 0 ? '' : `, with ${chain.length} untagged parent ${chain.length === 1 ? 'layer' : 'layers'} from its build`;
    offer(
      {
        kind: 'image',
        id: image.Id,
        name: imageName(image),
        size: sizeOf(image.Size),
        created: millis(image.Created),
        project: project(image.Labels),
        reason: `${dangling ? 'dangling: no tag, no container' : 'not used by any container'}${layers}`,
        // `docker image prune` takes dangling images; tagged ones only with --all.
        ticked: dangling,
        stamp: imageStamp(image.RepoTags),
        ...(chain.length > 0 ? { parents: chain } : {}),
      },
      image.Labels,
    );
  }

  for (const volume of usage.Volumes ?? []) {
    const refs = volume.UsageData?.RefCount ?? 0;
    if (refs > 0 || usedVolumes.has(volume.Name)) continue;
    const anonymous = isAnonymousVolume(volume);
    if (!anonymous && !options.namedVolumes) continue;
    offer(
      {
        kind: 'volume',
        id: volume.Name,
        name: volume.Name,
        size: sizeOf(volume.UsageData?.Size),
        created: millis(volume.CreatedAt),
        project: project(volume.Labels),
        reason: anonymous ? 'anonymous, not used by any container' : 'named, not used by any container',
        // `docker volume prune` takes anonymous volumes; named ones only with --all, and a user's data deserves their own tick.
        ticked: anonymous,
        stamp: volume.CreatedAt ?? '',
      },
      volume.Labels,
    );
  }

  for (const network of networks) {
    // A network a stopped container names would leave that container unable to start.
    if (PREDEFINED_NETWORKS.includes(network.Name) || usedNetworks.has(network.Name) || usedNetworks.has(network.Id)) continue;
    offer(
      {
        kind: 'network',
        id: network.Id,
        name: network.Name,
        size: null,
        created: millis(network.Created),
        project: project(network.Labels),
        reason: 'no container uses it',
        ticked: true,
        stamp: network.Created ?? '',
      },
      network.Labels,
    );
  }

  for (const record of usage.BuildCache ?? []) {
    if (record.InUse) continue;
    offer(
      {
        kind: 'buildCache',
        id: record.ID,
        name: record.Description || `${record.Type ?? 'cache'} ${record.ID.slice(0, 12)}`,
        size: sizeOf(record.Size),
        created: millis(record.CreatedAt),
        project: null,
        reason: record.Shared ? 'unused build cache, shared with an image' : 'unused build cache',
        // `docker builder prune` without --all keeps the records an image shares.
        ticked: !record.Shared,
        stamp: record.CreatedAt ?? '',
      },
      null,
    );
  }
  return { candidates, protected: kept };
}

/** For words: "container", "build cache record". */
export const KIND_WORDS: Record<CleanupKind, string> = {
  container: 'container',
  image: 'image',
  volume: 'volume',
  network: 'network',
  buildCache: 'build cache record',
};

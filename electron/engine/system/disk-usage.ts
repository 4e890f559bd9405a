/**
 * The engine's disk usage (`GET /system/df`) added up the way `docker
 * system df` adds it, so Berth's figures are the CLI's: an image's
 * reclaimable space leaves out what images in use need, a container's size
 * is its writable layer, a volume's what the engine measured, and build
 * cache shared with images is not counted twice. Pure.
 */
import type { DiskUsage } from '#shared/system';

export interface DiskUsageJson {
  LayersSize?: number;
  Images?: Array<{ Id: string; RepoTags?: string[] | null; Size?: number; SharedSize?: number; Containers?: number }> | null;
  Containers?: Array<{ Id: string; Names?: string[] | null; State?: string; SizeRw?: number }> | null;
  Volumes?: Array<{ Name: string; UsageData?: { Size?: number; RefCount?: number } | null }> | null;
  BuildCache?: Array<{ ID: string; Type?: string; Size?: number; InUse?: boolean; Shared?: boolean }> | null;
}

const ACTIVE_CONTAINER = /running|paused|restarting/;

/** The engine says -1 for "not computed". */
function known(n: number | undefined): number | null {
  return n === undefined || n < 0 ? null : n;
}

export function diskUsage(json: DiskUsageJson, tookMs: number): DiskUsage {
  const images = (json.Images ?? []).map((i) => ({
    id: i.Id,
    tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    size: known(i.Size) ?? 0,
    sharedSize: known(i.SharedSize) ?? 0,
    containers: Math.max(i.Containers ?? 0, 0),
  }));
  // Podman says 0 for the layers' total whatever its images hold: then the images' own sizes are the figure.
  const layers = known(json.LayersSize) ?? 0;
  const imagesSize = layers > 0 ? layers : images.reduce((sum, i) => sum + i.size - i.sharedSize, 0);
  const neededByUsed = images.filter((i) => i.containers > 0).reduce((sum, i) => sum + i.size - i.sharedSize, 0);

  const containers = (json.Containers ?? []).map((c) => ({
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    state: c.State ?? '',
    size: known(c.SizeRw) ?? 0,
  }));
  const activeContainers = containers.filter((c) => ACTIVE_CONTAINER.test(c.state));

  const volumes = (json.Volumes ?? []).map((v) => ({ name: v.Name, size: known(v.UsageData?.Size), containers: Math.max(v.UsageData?.RefCount ?? 0, 0) }));
  const sum = (items: Array<{ size: number | null }>): number => items.reduce((total, item) => total + (item.size ?? 0), 0);

  // Docker says null for an empty cache; an engine that keeps none it reports leaves the field out.
  const cache = json.BuildCache === undefined ? null : (json.BuildCache ?? []);
  const cacheItems = (cache ?? []).map((b) => ({ id: b.ID, type: b.Type ?? '', size: known(b.Size) ?? 0, inUse: Boolean(b.InUse), shared: Boolean(b.Shared) }));
  const own = cacheItems.filter((b) => !b.shared);

  return {
    images: {
      count: images.length,
      active: images.filter((i) => i.containers > 0).length,
      size: imagesSize,
      reclaimable: Math.max(imagesSize - neededByUsed, 0),
      items: images,
    },
    containers: {
      count: containers.length,
      active: activeContainers.length,
      size: sum(containers),
      reclaimable: sum(containers) - sum(activeContainers),
      items: containers,
    },
    volumes: {
      count: volumes.length,
      active: volumes.filter((v) => v.containers > 0).length,
      size: sum(volumes),
      reclaimable: sum(volumes.filter((v) => v.containers === 0)),
      items: volumes,
    },
    buildCache:
      cache === null
        ? null
        : { count: cacheItems.length, active: cacheItems.filter((b) => b.inUse).length, size: sum(own), reclaimable: sum(own.filter((b) => !b.inUse)), items: cacheItems },
    tookMs,
  };
}

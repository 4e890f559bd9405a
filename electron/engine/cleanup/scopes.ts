/**
 * What each preview scope reads from the engine and keeps of what it found.
 * The Cleanup page reads the disk usage (every size, which can take seconds);
 * the Images and Networks pages' prunes read only the plain lists they need
 * (`GET /images/json`, `/networks`, and the containers that may use them),
 * shaped as the disk usage so one `findCandidates` decides for all.
 */
import type Docker from 'dockerode';
import type { PreviewScope } from '#shared/cleanup';
import { findCandidates, type CandidateSet, type DfContainer, type DfImage, type DiskUsage, type NetworkJson } from './candidates';

export interface ScopeOptions {
  namedVolumes: boolean;
  pinned: ReadonlySet<string>;
}

const containers = (docker: Docker) => docker.listContainers({ all: true }) as Promise<DfContainer[]>;
/** With the intermediate layers the plain list hides (candidates.ts: an image's untagged parents). */
const allImages = (docker: Docker) => docker.listImages({ all: true }) as Promise<DfImage[]>;

async function read(docker: Docker, scope: PreviewScope): Promise<{ usage: DiskUsage; networks: NetworkJson[] }> {
  switch (scope) {
    case 'everything': {
      const [usage, all, networks] = await Promise.all([docker.df() as Promise<DiskUsage>, allImages(docker), docker.listNetworks() as Promise<NetworkJson[]>]);
      return { usage: { ...usage, AllImages: all }, networks };
    }
    case 'danglingImages':
    case 'unusedImages': {
      const [listed, images, all] = await Promise.all([containers(docker), docker.listImages() as Promise<DfImage[]>, allImages(docker)]);
      return { usage: { Containers: listed, Images: images, AllImages: all }, networks: [] };
    }
    case 'unusedNetworks': {
      const [listed, networks] = await Promise.all([containers(docker), docker.listNetworks() as Promise<NetworkJson[]>]);
      return { usage: { Containers: listed }, networks };
    }
  }
}

export async function previewScope(docker: Docker, scope: PreviewScope, options: ScopeOptions): Promise<CandidateSet> {
  const { usage, networks } = await read(docker, scope);
  const found = findCandidates(usage, networks, { ...options, danglingOnly: scope === 'danglingImages' });
  if (scope === 'everything') return found;
  // The narrower scopes' lists also hold the stopped containers, which are candidates of the whole cleanup only.
  const kind = scope === 'unusedNetworks' ? 'network' : 'image';
  const keep = (item: { kind: string }) => item.kind === kind;
  // Everything such a page lists goes when confirmed: "every image no container uses" means the tagged ones too.
  return { candidates: found.candidates.filter(keep).map((c) => ({ ...c, ticked: true })), protected: found.protected.filter(keep) };
}

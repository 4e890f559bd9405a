/**
 * Each network's containers, from the containers' own network settings (the
 * engine's network list leaves them out; see NetworkSchema): one index per
 * pair of collections, built once and shared by every row, so a row's
 * selector returns the same array until a container or network changes.
 */
import type { Container, Network } from '#shared/model';
import { onNetwork } from '#shared/networks';
import type { Collection } from '../../store/reduce';

export interface Attachment {
  readonly containerId: string;
  readonly containerName: string;
  readonly state: Container['state'];
  readonly ipv4: string;
  readonly ipv6: string;
}

export const NO_ATTACHMENTS: readonly Attachment[] = [];

const indexes = new WeakMap<Collection<Container>, WeakMap<Collection<Network>, Map<string, Attachment[]>>>();

function buildIndex(containers: Collection<Container>, networks: Collection<Network>): Map<string, Attachment[]> {
  const byName = new Map([...networks.byId.values()].map((n) => [n.name, n]));
  const index = new Map<string, Attachment[]>();
  for (const container of containers.byId.values()) {
    for (const entry of container.networks) {
      const network = entry.networkId === '' ? byName.get(entry.name) : networks.byId.get(entry.networkId);
      if (network === undefined || !onNetwork(entry, network)) continue;
      const list = index.get(network.id) ?? [];
      list.push({ containerId: container.id, containerName: container.name, state: container.state, ipv4: entry.ipv4, ipv6: entry.ipv6 });
      index.set(network.id, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => (a.containerName < b.containerName ? -1 : a.containerName > b.containerName ? 1 : 0));
  return index;
}

/** The containers on network `id`, by name. */
export function attachmentsOf(containers: Collection<Container>, networks: Collection<Network>, id: string): readonly Attachment[] {
  let byNetworks = indexes.get(containers);
  if (byNetworks === undefined) {
    byNetworks = new WeakMap();
    indexes.set(containers, byNetworks);
  }
  let index = byNetworks.get(networks);
  if (index === undefined) {
    index = buildIndex(containers, networks);
    byNetworks.set(networks, index);
  }
  return index.get(id) ?? NO_ATTACHMENTS;
}

/** "web 10.20.0.5/24" — the address the container has now, if it runs. */
export function attachmentText(a: Attachment): string {
  const addresses = [a.ipv4, a.ipv6].filter(Boolean).join(', ');
  return addresses === '' ? `${a.containerName} (${a.state})` : `${a.containerName} ${addresses}`;
}

/**
 * A network's connect and disconnect events, as changes to the container
 * they name. Berth lists a network's containers from the containers' own
 * network settings (see NetworkSchema), so these events change a container.
 * Reading it again costs an inspect; the engine sends a connect before every
 * start and a disconnect after every stop, and those are re-read for their
 * start and die anyway. So only a container that runs (whose addresses
 * change) is re-read; a stopped one has no addresses, and the change is
 * applied as the event says it, with no engine call. (The engine sends no
 * event when a stopped container is connected: Berth's own connect re-reads
 * it; one made with the CLI shows at the container's next start.) Pure.
 */
import type { Container } from '#shared/model';
import type { EngineEvent } from '../events';

export type AttachmentChange = { op: 'refresh'; id: string } | { op: 'apply'; item: Container };

const LIVE: ReadonlySet<Container['state']> = new Set(['running', 'paused', 'restarting']);

export function attachmentChange(event: EngineEvent, lookup: (id: string) => Container | undefined): AttachmentChange | null {
  if (event.Type !== 'network' || (event.Action !== 'connect' && event.Action !== 'disconnect')) return null;
  const id = event.Actor?.Attributes?.container;
  const networkId = event.Actor?.ID;
  const name = event.Actor?.Attributes?.name;
  if (!id || !networkId || !name) return null;
  const container = lookup(id);
  if (container === undefined || LIVE.has(container.state)) return { op: 'refresh', id };
  // A container that never ran has its networks by name only: the engine fills their ids in at its first start.
  const others = container.networks.filter((n) => n.networkId !== networkId && n.name !== name);
  const networks = event.Action === 'connect' ? [...others, { name, networkId, ipv4: '', ipv6: '' }].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : others;
  return { op: 'apply', item: { ...container, networks } };
}

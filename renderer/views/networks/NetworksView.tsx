/**
 * The Networks page: every network with its pools, flags and the containers
 * on it (from the containers' own settings: no call per network), create,
 * and "Remove unused networks" with the exact list it will remove.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import type { Network } from '#shared/model';
import { ResourceTable } from '../../components/ResourceTable';
import { useEngineId } from '../../engines/scope';
import { useClient } from '../../hooks/useClient';
import { href, paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { engineTable, useTableRows, type KindTable } from '../../table/kindTable';
import { engineSource } from '../../table/source';
import { attachmentsOf, attachmentText } from './attached';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import { PruneNetworksDialog } from './PruneNetworksDialog';
import './networks.css';

const pool = (n: Network, key: 'subnet' | 'gateway' | 'ipRange'): string =>
  n.pools
    .map((p) => p[key])
    .filter(Boolean)
    .join(', ');

/** internal, attachable, IPv6, ingress: what sets the network apart. */
export function networkFlags(n: Network): string {
  return [n.internal && 'internal', n.attachable && 'attachable', n.ipv6 && 'IPv6', n.ingress && 'ingress'].filter(Boolean).join(', ');
}

function labelsText(n: Network): string {
  return Object.entries(n.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function NetworkName({ network }: { network: Network }): ReactNode {
  return <a href={href(paths.network(useEngineId(), network.id))}>{network.name}</a>;
}

function NetworkContainers({ network }: { network: Network }): ReactNode {
  const attached = useEngineStore((store) => attachmentsOf(store.containers, store.networks, network.id));
  if (attached.length === 0) return <span className="muted">none</span>;
  const text = attached.map(attachmentText).join('; ');
  return <span title={text}>{text}</span>;
}

/** The Networks table, for one engine's page and for "All engines". */
export const networkTable: KindTable<Network> = {
  rows: (engine) => engineSource(engine, 'network'),
  initialSort: { column: 'name', direction: 'ascending' },
  minWidth: '90rem',
  columns: [
    { id: 'name', header: 'Name', width: 'minmax(10rem, 2fr)', cell: (n) => <NetworkName network={n} />, sortKey: (n) => n.name },
    { id: 'driver', header: 'Driver', width: '6rem', cell: (n) => n.driver, sortKey: (n) => n.driver },
    { id: 'scope', header: 'Scope', width: '5rem', cell: (n) => n.scope, sortKey: (n) => n.scope },
    { id: 'subnets', header: 'Subnet', width: 'minmax(8rem, 1.5fr)', cell: (n) => pool(n, 'subnet'), sortKey: (n) => pool(n, 'subnet') },
    { id: 'gateway', header: 'Gateway', width: 'minmax(7rem, 1fr)', cell: (n) => pool(n, 'gateway'), sortKey: (n) => pool(n, 'gateway') },
    { id: 'ipRange', header: 'IP range', width: 'minmax(7rem, 1fr)', cell: (n) => pool(n, 'ipRange') },
    { id: 'flags', header: 'Flags', width: 'minmax(6rem, 1fr)', cell: networkFlags, sortKey: networkFlags },
    { id: 'containers', header: 'Containers', width: 'minmax(12rem, 3fr)', cell: (n) => <NetworkContainers network={n} /> },
    { id: 'labels', header: 'Labels', width: 'minmax(8rem, 1.5fr)', cell: (n) => <span title={labelsText(n)}>{labelsText(n)}</span> },
  ],
  filterText: (n) => [n.name, n.driver, n.scope, pool(n, 'subnet'), pool(n, 'gateway'), networkFlags(n), labelsText(n)].join(' '),
  onOpen: (client, n) => navigate(paths.network(client.engine, n.id)),
};

export function NetworksView(): ReactNode {
  const client = useClient();
  const config = useMemo(() => engineTable('network', networkTable, client), [client]);
  const source = useTableRows(networkTable);
  const [open, setOpen] = useState<'create' | 'prune' | null>(null);
  return (
    <section className="view" aria-labelledby="networks-heading">
      <div className="networks-head">
        <h1 id="networks-heading">Networks</h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setOpen('create')}>
            Create network
          </button>
          <button type="button" onClick={() => setOpen('prune')}>
            Remove unused networks…
          </button>
        </div>
      </div>
      <ResourceTable config={config} source={source} />
      {open === 'create' && <CreateNetworkDialog onClose={() => setOpen(null)} />}
      {open === 'prune' && <PruneNetworksDialog onClose={() => setOpen(null)} />}
    </section>
  );
}

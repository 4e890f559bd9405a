import { useMemo, type ReactNode } from 'react';
import type { Network } from '#shared/model';
import { ResourceTable } from '../components/ResourceTable';
import { useClient } from '../hooks/useClient';
import { engineTable, useEngineSource, type KindTable } from '../table/kindTable';

function subnets(n: Network): string {
  return n.subnets.join(', ');
}

/** The Networks table, for one engine's page and for "All engines". */
export const networkTable: KindTable<Network> = {
  initialSort: { column: 'name', direction: 'ascending' },
  columns: [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(10rem, 2fr)',
      cell: (n) => (n.internal ? `${n.name} (internal)` : n.name),
      sortKey: (n) => n.name,
    },
    { id: 'driver', header: 'Driver', width: '8rem', cell: (n) => n.driver, sortKey: (n) => n.driver },
    { id: 'scope', header: 'Scope', width: '7rem', cell: (n) => n.scope, sortKey: (n) => n.scope },
    { id: 'subnets', header: 'Subnets', width: 'minmax(10rem, 2fr)', cell: subnets, sortKey: subnets },
  ],
  filterText: (n) => [n.name, n.driver, n.scope, subnets(n)].join(' '),
};

export function NetworksView(): ReactNode {
  const client = useClient();
  const config = useMemo(() => engineTable('network', networkTable, client), [client]);
  const source = useEngineSource('network');
  return (
    <section className="view" aria-labelledby="networks-heading">
      <h1 id="networks-heading">Networks</h1>
      <ResourceTable config={config} source={source} />
    </section>
  );
}

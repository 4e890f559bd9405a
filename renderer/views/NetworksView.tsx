import type { ReactNode } from 'react';
import type { Network } from '#shared/model';
import { ResourceTable, type TableConfig } from '../components/ResourceTable';

function subnets(n: Network): string {
  return n.subnets.join(', ');
}

const networksTable: TableConfig<Network> = {
  label: 'Networks',
  noun: 'networks',
  nounOne: 'network',
  select: (store) => store.networks,
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
  return (
    <section className="view" aria-labelledby="networks-heading">
      <h1 id="networks-heading">Networks</h1>
      <ResourceTable config={networksTable} />
    </section>
  );
}

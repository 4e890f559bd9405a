import { useMemo, type ReactNode } from 'react';
import type { Volume } from '#shared/model';
import { RelativeTime } from '../components/LiveTime';
import { ResourceTable } from '../components/ResourceTable';
import { useClient } from '../hooks/useClient';
import { engineTable, useEngineSource, type KindTable } from '../table/kindTable';

/** The Volumes table, for one engine's page and for "All engines". */
export const volumeTable: KindTable<Volume> = {
  initialSort: { column: 'name', direction: 'ascending' },
  columns: [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(12rem, 3fr)',
      cell: (v) => <span title={v.mountpoint}>{v.name}</span>,
      sortKey: (v) => v.name,
    },
    { id: 'driver', header: 'Driver', width: '8rem', cell: (v) => v.driver, sortKey: (v) => v.driver },
    {
      id: 'created',
      header: 'Created',
      width: '9rem',
      cell: (v) => <RelativeTime at={v.created} />,
      sortKey: (v) => v.created ?? 0,
      descendingFirst: true,
    },
  ],
  filterText: (v) => [v.name, v.driver, v.mountpoint].join(' '),
};

export function VolumesView(): ReactNode {
  const client = useClient();
  const config = useMemo(() => engineTable('volume', volumeTable, client), [client]);
  const source = useEngineSource('volume');
  return (
    <section className="view" aria-labelledby="volumes-heading">
      <h1 id="volumes-heading">Volumes</h1>
      <ResourceTable config={config} source={source} />
    </section>
  );
}

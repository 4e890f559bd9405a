/**
 * The Volumes list: name (anonymous ones marked), driver, scope, mountpoint,
 * labels, the containers that use each (from the containers Berth already
 * has), size once asked for, and age; create, restore a backup as a new
 * volume, and each volume's own page for the rest.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { isAnonymousVolumeName } from '#shared/confirm';
import type { Volume } from '#shared/model';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable } from '../../components/ResourceTable';
import { useEngineId } from '../../engines/scope';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { href, paths } from '../../routes';
import { engineTable, useTableRows, type KindTable } from '../../table/kindTable';
import { engineSource } from '../../table/source';
import { CreateVolumeDialog, RestoreVolumeDialog } from './VolumeDialogs';
import { useSizeStore, useVolumeSize, useVolumeUsers } from './usage';

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => (value === '' ? key : `${key}=${value}`))
    .join(', ');
}

export function VolumeName({ volume }: { volume: Volume }): ReactNode {
  const engine = useEngineId();
  const anonymous = isAnonymousVolumeName(volume.name);
  return (
    <>
      <a href={href(paths.volume(engine, volume.name))} title={volume.name}>
        {anonymous ? `${volume.name.slice(0, 12)}…` : volume.name}
      </a>
      {anonymous && <span className="muted"> (anonymous)</span>}
    </>
  );
}

export function VolumeUsers({ volume }: { volume: string }): ReactNode {
  const engine = useEngineId();
  const users = useVolumeUsers(volume);
  if (users.length === 0) return <span className="muted">none</span>;
  return (
    <span title={users.map((u) => u.name).join(', ')}>
      {users.map((user, index) => (
        <span key={user.id}>
          {index > 0 && ', '}
          <a href={href(paths.container(engine, user.id))}>{user.name}</a>
        </span>
      ))}
    </span>
  );
}

function VolumeSize({ volume }: { volume: string }): ReactNode {
  const size = useVolumeSize(volume);
  return size === undefined ? <span className="muted">—</span> : size === null ? <span className="muted">unknown</span> : formatSize(size);
}

/** The Volumes table, for one engine's page and for "All engines". */
export const volumeTable: KindTable<Volume> = {
  rows: (engine) => engineSource(engine, 'volume'),
  initialSort: { column: 'name', direction: 'ascending' },
  minWidth: '60rem',
  columns: [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(12rem, 3fr)',
      cell: (v) => <VolumeName volume={v} />,
      // Named volumes before anonymous ones.
      sortKey: (v) => `${isAnonymousVolumeName(v.name) ? 1 : 0}${v.name}`,
    },
    { id: 'driver', header: 'Driver', width: '6rem', cell: (v) => v.driver, sortKey: (v) => v.driver },
    { id: 'scope', header: 'Scope', width: '5rem', cell: (v) => v.scope, sortKey: (v) => v.scope },
    { id: 'users', header: 'Used by', width: 'minmax(8rem, 2fr)', cell: (v) => <VolumeUsers volume={v.name} /> },
    { id: 'size', header: 'Size', width: '6rem', cell: (v) => <VolumeSize volume={v.name} /> },
    {
      id: 'labels',
      header: 'Labels',
      width: 'minmax(6rem, 1fr)',
      cell: (v) => <span title={labelText(v.labels)}>{labelText(v.labels)}</span>,
    },
    {
      id: 'mountpoint',
      header: 'Mountpoint',
      width: 'minmax(8rem, 2fr)',
      cell: (v) => <code title={v.mountpoint}>{v.mountpoint}</code>,
    },
    {
      id: 'created',
      header: 'Created',
      width: '8rem',
      cell: (v) => <RelativeTime at={v.created} />,
      sortKey: (v) => v.created ?? 0,
      descendingFirst: true,
    },
  ],
  filterText: (v) => [v.name, v.driver, v.mountpoint, labelText(v.labels)].join(' '),
};

export function VolumesView(): ReactNode {
  const client = useClient();
  const engine = useEngineId();
  const config = useMemo(() => engineTable('volume', volumeTable, client), [client]);
  const source = useTableRows(volumeTable);
  const [dialog, setDialog] = useState<'create' | 'restore' | null>(null);
  const measure = useAction();
  const setSizes = useSizeStore((store) => store.set);
  const measured = useSizeStore((store) => store.byEngine[engine]?.at);
  return (
    <section className="view" aria-labelledby="volumes-heading">
      <h1 id="volumes-heading">Volumes</h1>
      <div className="toolbar">
        <button type="button" onClick={() => setDialog('create')}>
          Create volume…
        </button>
        <button type="button" onClick={() => setDialog('restore')}>
          Restore backup as new volume…
        </button>
        <button
          type="button"
          disabled={measure.pending}
          onClick={() => void measure.run(async () => setSizes(engine, await client.call('volume.sizes', {})), 'Could not measure the volumes')}
        >
          {measure.pending ? 'Measuring sizes…' : measured === undefined ? 'Show sizes' : 'Measure sizes again'}
        </button>
        {measured !== undefined && !measure.pending && (
          <span className="muted">
            Sizes as of <RelativeTime at={measured} />
          </span>
        )}
      </div>
      {measure.error !== null && (
        <p role="alert" className="error">
          {measure.error}
        </p>
      )}
      <ResourceTable config={config} source={source} />
      {dialog === 'create' && <CreateVolumeDialog onClose={() => setDialog(null)} />}
      {dialog === 'restore' && <RestoreVolumeDialog onClose={() => setDialog(null)} />}
    </section>
  );
}

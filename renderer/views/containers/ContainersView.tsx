import { useMemo, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import type { Container, ContainerState } from '#shared/model';
import { BulkActions, SelectAllShown, SelectBox } from '../../components/BulkActions';
import { ContainerActions, ContainerRowNotice, ContainerStatusCell } from '../../components/ContainerActions';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable } from '../../components/ResourceTable';
import { composeProject, composeService } from '../../format/compose';
import { shortId } from '../../format/ids';
import { objectKey } from '../../engines/keys';
import { actionForKey } from '../../format/lifecycle';
import { formatPorts, portSortKey } from '../../format/ports';
import { useClient } from '../../hooks/useClient';
import { href, paths } from '../../routes';
import { useEngineId } from '../../engines/scope';
import { requestAction } from '../../store/actionStore';
import { useSelectionStore } from '../../store/selectionStore';
import { engineTable, useTableRows, type KindTable } from '../../table/kindTable';
import { engineSource } from '../../table/source';
import { ComposeProjectHeader } from '../compose/ComposeProjectHeader';
import { RunContainerButton } from '../run/RunButtons';
import { CpuCell, MemoryCell } from '../stats/StatsCells';
import { useStatsRows } from '../stats/useStatsRows';

/** Sorting by status groups what is up first, then what is stopped. */
const STATE_RANK: Record<ContainerState, number> = {
  running: 0,
  restarting: 1,
  paused: 2,
  removing: 3,
  created: 4,
  exited: 5,
  dead: 6,
};

/** The Containers table, for one engine's page and for "All engines". */
export const containerTable: KindTable<Container> = {
  rows: (engine) => engineSource(engine, 'container'),
  // Newest first, as `docker ps` lists them: what you just made is on top.
  initialSort: { column: 'created', direction: 'descending' },
  minWidth: '78rem',
  columns: [
    {
      id: 'select',
      header: 'Select',
      width: '3.5rem',
      headerCell: (shownIds) => <SelectAllShown ids={shownIds} />,
      cell: (c) => <SelectBox container={c} />,
    },
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(7rem, 1.5fr)',
      cell: (c) => <ContainerName container={c} />,
      sortKey: (c) => c.name,
    },
    {
      id: 'image',
      header: 'Image',
      width: 'minmax(7rem, 1.5fr)',
      cell: (c) => <span title={c.image}>{c.image}</span>,
      sortKey: (c) => c.image,
    },
    {
      id: 'state',
      header: 'State',
      width: '5.5rem',
      cell: (c) => <span className={`state state-${c.state}`}>{c.state}</span>,
      sortKey: (c) => STATE_RANK[c.state],
    },
    {
      id: 'status',
      header: 'Status',
      width: 'minmax(8rem, 1.3fr)',
      cell: (c) => <ContainerStatusCell container={c} />,
      sortKey: (c) => STATE_RANK[c.state],
    },
    {
      id: 'ports',
      header: 'Ports',
      width: 'minmax(8rem, 1.5fr)',
      cell: (c) => <span title={formatPorts(c.ports)}>{formatPorts(c.ports)}</span>,
      sortKey: (c) => portSortKey(c.ports),
    },
    {
      id: 'cpu',
      header: 'CPU %',
      width: '4.5rem',
      cell: (c) => <CpuCell container={c} />,
    },
    {
      id: 'memory',
      header: 'Memory',
      width: '5.5rem',
      cell: (c) => <MemoryCell container={c} />,
    },
    {
      id: 'created',
      header: 'Created',
      width: '8rem',
      cell: (c) => <RelativeTime at={c.created} />,
      sortKey: (c) => c.created,
      descendingFirst: true,
    },
    {
      id: 'actions',
      header: 'Actions',
      width: '23.5rem',
      cell: (c) => <ContainerActions container={c} shortcuts />,
    },
  ],
  filterText: (c) => [c.name, c.image, c.state, c.status, formatPorts(c.ports), shortId(c.id), composeProject(c) ?? ''].join(' '),
  grouping: { of: composeProject, Header: ComposeProjectHeader },
  Toolbar: ContainerListBar,
  onOpen: (client, c) => navigate(paths.container(client.engine, c.id)),
  onRowKey: (client, c, key) => {
    if (key === ' ') {
      useSelectionStore.getState().toggle(objectKey(client.engine, c.id));
      return true;
    }
    const action = actionForKey(key);
    if (action === null) return false;
    requestAction(client, c, action);
    return true;
  },
  RowNotice: ContainerRowNotice,
};

/** The name links to the container's page; a Compose container also names its service. */
function ContainerName({ container: c }: { container: Container }): ReactNode {
  const service = composeProject(c) === null ? null : composeService(c);
  return (
    <span className={service === null ? undefined : 'in-project'}>
      <a href={href(paths.container(useEngineId(), c.id))}>{c.name}</a>
      {service !== null && <span className="service-tag" title="Compose service">{service}</span>}
    </span>
  );
}

/** The ticked containers' actions, and the CPU and memory of the running rows on screen, snapshotted a few at a time. */
function ContainerListBar(): ReactNode {
  useStatsRows();
  return <BulkActions />;
}

export function ContainersView(): ReactNode {
  const client = useClient();
  const config = useMemo(() => engineTable('container', containerTable, client), [client]);
  const source = useTableRows(containerTable);
  return (
    <section className="view" aria-labelledby="containers-heading">
      <div className="view-head">
        <h1 id="containers-heading">Containers</h1>
        <RunContainerButton />
      </div>
      <ContainerListBar />
      <ResourceTable config={config} source={source} />
    </section>
  );
}

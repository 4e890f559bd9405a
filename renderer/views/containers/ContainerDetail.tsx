/**
 * One container: its live data from the store (so it changes as the engine
 * does), the same lifecycle buttons as its row, and tabs for the deeper
 * views. If it is removed while shown, the page says so instead of going blank.
 */
import { useState, type ReactNode } from 'react';
import { OnDemand } from '../../components/OnDemand';
import type { Container } from '#shared/model';
import {
  ContainerActionError,
  ContainerActions,
  ContainerPending,
} from '../../components/ContainerActions';
import { ContainerMoreActions } from '../../components/ContainerMoreActions';
import { OpenPortButton } from '../../components/OpenPortButton';
import { ContainerStatusText, RelativeTime } from '../../components/LiveTime';
import { Tabs } from '../../components/Tabs';
import { shortId } from '../../format/ids';
import { formatPort, sortPorts } from '../../format/ports';
import { absoluteTime } from '../../format/time';
import { useEngineId } from '../../engines/scope';
import { href, paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { findContainer } from '../../store/findContainer';
import { ContainerFactsView } from './ContainerFacts';
import { ContainerInspect, FilesView, LogsTab, StatsTab, TerminalView } from '../lazy';
import { ContainerRunActions } from '../run/ContainerRunActions';
import { ProtectToggle } from '../cleanup/ProtectToggle';
import { ContainerUpdateButton } from '../activity/UpdateButtons';

type TabKey = 'overview' | 'logs' | 'terminal' | 'stats' | 'inspect' | 'files';

const TABS: readonly { key: TabKey; label: string }[] = [
  { key: 'overview', label: 'Overview' },
  { key: 'logs', label: 'Logs' },
  { key: 'terminal', label: 'Terminal' },
  { key: 'stats', label: 'Stats' },
  { key: 'inspect', label: 'Inspect' },
  { key: 'files', label: 'Files' },
];

export function ContainerDetail({ id }: { id: string }): ReactNode {
  const engine = useEngineId();
  const container = useEngineStore((store) => findContainer(store.containers, id));
  const loaded = useEngineStore((store) => store.status !== null);
  const [seen, setSeen] = useState(false);
  const [tab, setTab] = useState<TabKey>('overview');
  // Terminals stay mounted once opened, so their sessions and screens survive a visit to another tab.
  const [terminalShown, setTerminalShown] = useState(false);
  if (tab === 'terminal' && !terminalShown) setTerminalShown(true);
  // Remember that it existed, to tell "removed while you watched" from "never here".
  if (container !== undefined && !seen) setSeen(true);

  if (container === undefined) {
    return (
      <section className="view">
        <h1>Container</h1>
        <p>
          {!loaded
            ? 'Loading…'
            : seen
              ? 'This container was removed.'
              : `No container has the id or name “${id}”.`}{' '}
          {loaded && <a href={href(paths.containers(engine))}>Back to containers</a>}
        </p>
      </section>
    );
  }

  return (
    <section className="view detail" aria-labelledby="container-heading">
      <p className="breadcrumb">
        {/* Not "Containers": that name belongs to the sidebar link alone. */}
        <a href={href(paths.containers(engine))}>All containers</a>
      </p>
      <div className="detail-head">
        <h1 id="container-heading">{container.name}</h1>
        <span className={`state state-${container.state}`}>{container.state}</span>
        <ContainerActions container={container} />
        <ContainerMoreActions container={container} />
        <ContainerRunActions container={container} />
        <ProtectToggle kind="container" id={container.id} name={container.name} labels={container.labels} />
        <ContainerUpdateButton container={container} />
        <ContainerPending id={container.id} />
      </div>
      <ContainerActionError container={container} />
      <Tabs label="Container views" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'overview' && <Overview container={container} />}
        {/* Each tab on its own: one that fails to load leaves the others, and an open terminal, as they are. */}
        {tab === 'logs' && (
          <OnDemand what="the Logs tab">
            <LogsTab container={container} />
          </OnDemand>
        )}
        {tab === 'inspect' && (
          <OnDemand what="the Inspect tab">
            <ContainerInspect id={container.id} />
          </OnDemand>
        )}
        {tab === 'stats' && (
          <OnDemand what="the Stats tab">
            <StatsTab container={container} />
          </OnDemand>
        )}
        {tab === 'files' && (
          <OnDemand what="the Files tab">
            <FilesView containerId={container.id} />
          </OnDemand>
        )}
        {terminalShown && (
          <OnDemand what="the terminal" loading={tab === 'terminal' ? undefined : null}>
            <TerminalView container={container} hidden={tab !== 'terminal'} />
          </OnDemand>
        )}
      </Tabs>
    </section>
  );
}

function Moment({ at, missing }: { at: number | null; missing: string }): ReactNode {
  if (at === null) return <span className="muted">{missing}</span>;
  return (
    <>
      {absoluteTime(at)} (<RelativeTime at={at} />)
    </>
  );
}

// The engine's list call has no start or finish times; Berth learns them when it next inspects the container.
const NOT_INSPECTED = 'Not known yet (see Inspect)';

function isUp(c: Container): boolean {
  return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
}

function Overview({ container: c }: { container: Container }): ReactNode {
  const labels = Object.entries(c.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="overview">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <ContainerStatusText container={c} />
        </dd>
        <dt>State</dt>
        <dd>
          {c.state}
          {c.health !== null && ` (${c.health})`}
          {c.exitCode !== null && c.state !== 'running' && `, exit code ${c.exitCode}`}
        </dd>
        <dt>Image</dt>
        <dd>
          {c.image} <code className="muted" title={c.imageId}>{shortId(c.imageId)}</code>
        </dd>
        <dt>Command</dt>
        <dd>
          <code>{c.command || '—'}</code>
        </dd>
        <dt>Ports</dt>
        <dd>
          {c.ports.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="plain">
              {sortPorts(c.ports).map((port, index, all) => (
                <li key={formatPort(port)}>
                  {formatPort(port)}{' '}
                  {/* One button per container port, though IPv4 and IPv6 bind it twice. */}
                  {all.findIndex((p) => p.containerPort === port.containerPort && p.protocol === port.protocol) === index && (
                    <OpenPortButton container={c} port={port} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Created</dt>
        <dd>
          <Moment at={c.created} missing="Not known" />
        </dd>
        <dt>Started</dt>
        <dd>
          <Moment at={c.startedAt} missing={c.state === 'created' ? 'Never' : NOT_INSPECTED} />
        </dd>
        <dt>Finished</dt>
        <dd>
          <Moment at={c.finishedAt} missing={c.state === 'created' ? 'Never' : isUp(c) ? 'Still running' : NOT_INSPECTED} />
        </dd>
        <dt>ID</dt>
        <dd>
          <code>{c.id}</code>
        </dd>
      </dl>
      <ContainerFactsView container={c} />
      <h2>Labels</h2>
      {labels.length === 0 ? (
        <p className="muted">No labels.</p>
      ) : (
        <table className="labels">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {labels.map(([key, value]) => (
              <tr key={key}>
                <td>
                  <code>{key}</code>
                </td>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

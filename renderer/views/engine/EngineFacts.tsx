/**
 * What the engine is and how it is set up, read from its info and version
 * when the page opens (and on Refresh). A figure the engine does not report
 * (Podman's Docker-compatible API leaves several out) says so, rather than
 * show a blank that reads as "none".
 */
import type { ReactNode } from 'react';
import type { SystemInfo } from '#shared/system';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';

function NotReported({ info }: { info: SystemInfo }): ReactNode {
  return <span className="muted">not reported by this engine{/podman/i.test(info.product) ? ' (Podman’s Docker-compatible API leaves it out)' : ''}</span>;
}

function List({ items, info, label, empty }: { items: string[] | null; info: SystemInfo; label: string; empty: string }): ReactNode {
  if (items === null) return <NotReported info={info} />;
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="plain" aria-label={label}>
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  );
}

function orNot(value: string | null, info: SystemInfo): ReactNode {
  return value === null ? <NotReported info={info} /> : value;
}

function security(info: SystemInfo): ReactNode {
  if (info.securityOptions === null) return <NotReported info={info} />;
  if (info.securityOptions.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="plain" aria-label="Security options">
      {info.securityOptions.map((option) => (
        <li key={option.name}>
          {option.name}
          {Object.entries(option.settings).map(([k, v]) => ` ${k}=${v}`)}
        </li>
      ))}
    </ul>
  );
}

export function EngineFacts(): ReactNode {
  const client = useClient();
  const { value: info, error, pending, reload } = useLoad('system.info', () => client.call('system.info', {}));
  return (
    <section aria-labelledby="engine-facts-heading">
      <div className="section-head">
        <h2 id="engine-facts-heading">The engine</h2>
        <button type="button" onClick={reload} disabled={pending}>
          Refresh
        </button>
      </div>
      {info === undefined && error === null && <p>Loading…</p>}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {info !== undefined && (
        <>
          <dl className="facts" aria-label="Engine facts">
            <dt>Engine</dt>
            <dd>
              {info.product} {info.version}
            </dd>
            <dt>API version</dt>
            <dd>
              {info.apiVersion}
              {info.minApiVersion !== null && <span className="muted"> (oldest accepted: {info.minApiVersion})</span>}
            </dd>
            <dt>OS/Arch</dt>
            <dd>
              {info.os}/{info.arch}
            </dd>
            <dt>Operating system</dt>
            <dd>{info.operatingSystem}</dd>
            <dt>Kernel</dt>
            <dd>{info.kernelVersion}</dd>
            <dt>Host name</dt>
            <dd>{info.name}</dd>
            <dt>CPUs</dt>
            <dd>{info.cpus}</dd>
            <dt>Memory</dt>
            <dd>{formatSize(info.memoryBytes)}</dd>
            <dt>Containers</dt>
            <dd>
              {info.containers.total} ({info.containers.running} running, {info.containers.paused} paused, {info.containers.stopped} stopped)
            </dd>
            <dt>Images</dt>
            <dd>{info.images}</dd>
            <dt>Storage driver</dt>
            <dd>
              {info.storageDriver}
              {info.storageDetails.length > 0 && <span className="muted"> ({info.storageDetails.map(([k, v]) => `${k}: ${v}`).join(', ')})</span>}
            </dd>
            <dt>Root dir</dt>
            <dd>
              <code>{info.rootDir}</code>
            </dd>
            <dt>Logging driver</dt>
            <dd>{orNot(info.loggingDriver, info)}</dd>
            <dt>Cgroup driver</dt>
            <dd>{orNot(info.cgroupDriver, info)}</dd>
            <dt>Cgroup version</dt>
            <dd>{orNot(info.cgroupVersion, info)}</dd>
            <dt>Runtimes</dt>
            <dd>
              <List items={info.runtimes} info={info} label="Runtimes" empty="none" />
              {info.defaultRuntime !== null && <span className="muted">default: {info.defaultRuntime}</span>}
            </dd>
            <dt>Security options</dt>
            <dd>{security(info)}</dd>
            <dt>Registry mirrors</dt>
            <dd>
              <List items={info.registryMirrors} info={info} label="Registry mirrors" empty="none" />
            </dd>
            <dt>Insecure registries</dt>
            <dd>
              <List items={info.insecureRegistries} info={info} label="Insecure registries" empty="none" />
            </dd>
            <dt>Swarm</dt>
            <dd>
              {info.swarm === null ? (
                <NotReported info={info} />
              ) : (
                <>
                  {info.swarm.state}
                  {info.swarm.state === 'active' && (info.swarm.manager ? ', manager' : ', worker')}
                  {info.swarm.nodeId !== '' && <span className="muted"> (node {info.swarm.nodeId})</span>}
                  {info.swarm.error !== '' && <span className="error"> {info.swarm.error}</span>}
                </>
              )}
            </dd>
          </dl>
          <h3>Warnings from the engine</h3>
          {info.warnings.length === 0 ? (
            <p className="muted">The engine gives no warnings.</p>
          ) : (
            <ul aria-label="Engine warnings">
              {info.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The part of a container's overview that only inspect knows: restarts,
 * OOM kills, health-check output, mounts, networks and environment. Read
 * again whenever the container changes in the store (an event arrived), so it
 * is as live as the rest of the page. Values that look like secrets stay
 * masked until the user asks for each one.
 */
import { useState, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { containerFacts, type ContainerFacts, type EnvFact } from '../../format/inspect';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';

export function ContainerFactsView({ container }: { container: Container }): ReactNode {
  const client = useClient();
  // Read again whenever the engine reports a change to the container (the store keeps an unchanged one as it was).
  const loaded = useLoad(JSON.stringify(container), () => client.call('container.inspect', { id: container.id }).then(containerFacts));

  if (loaded.error !== null) {
    return (
      <p role="alert" className="error">
        Could not read the container's details: {loaded.error}
      </p>
    );
  }
  const f: ContainerFacts | undefined = loaded.value;
  if (f === undefined) return <p className="muted">Loading details…</p>;
  return (
    <>
      <dl className="facts">
        <dt>Restart policy</dt>
        <dd>{f.restartPolicy}</dd>
        <dt>Restarts</dt>
        <dd>{f.restartCount}</dd>
        <dt>Killed for memory</dt>
        <dd>{f.oomKilled ? 'Yes: the kernel killed it for using too much memory' : 'No'}</dd>
        {f.error && (
          <>
            <dt>Engine error</dt>
            <dd className="error">{f.error}</dd>
          </>
        )}
        {f.health && (
          <>
            <dt>Health</dt>
            <dd>
              {f.health.status}
              {f.health.failingStreak > 0 && `, failing ${f.health.failingStreak} times in a row`}
            </dd>
            <dt>Last health check</dt>
            <dd>
              {f.health.lastExitCode === null ? (
                <span className="muted">None yet</span>
              ) : (
                <>
                  exit code {f.health.lastExitCode}
                  {f.health.lastOutput && <pre className="health-output">{f.health.lastOutput}</pre>}
                </>
              )}
            </dd>
          </>
        )}
      </dl>

      <h2>Mounts</h2>
      {f.mounts.length === 0 ? (
        <p className="muted">No mounts.</p>
      ) : (
        <table className="labels" aria-label="Mounts">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">In the container</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {f.mounts.map((m) => (
              <tr key={m.destination}>
                <td>{m.type}</td>
                <td>
                  <code>{m.source}</code>
                </td>
                <td>
                  <code>{m.destination}</code>
                </td>
                <td>{m.readOnly ? 'read-only' : 'read-write'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Networks</h2>
      {f.networks.length === 0 ? (
        <p className="muted">Not connected to any network.</p>
      ) : (
        <table className="labels" aria-label="Networks">
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">IP address</th>
              <th scope="col">Gateway</th>
              <th scope="col">Aliases</th>
            </tr>
          </thead>
          <tbody>
            {f.networks.map((n) => (
              <tr key={n.name}>
                <td>{n.name}</td>
                <td>{[n.ipv4, n.ipv6].filter(Boolean).join(', ') || '—'}</td>
                <td>{n.gateway || '—'}</td>
                <td>{n.aliases.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Environment</h2>
      {f.env.length === 0 ? (
        <p className="muted">No environment variables.</p>
      ) : (
        <table className="labels" aria-label="Environment">
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {f.env.map((variable) => (
              <EnvRow key={variable.key} variable={variable} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function EnvRow({ variable }: { variable: EnvFact }): ReactNode {
  const [shown, setShown] = useState(!variable.secret);
  return (
    <tr>
      <td>
        <code>{variable.key}</code>
      </td>
      <td>
        {shown ? (
          <code>{variable.value}</code>
        ) : (
          <button type="button" className="action" aria-label={`Show the value of ${variable.key}`} onClick={() => setShown(true)}>
            ••••••• Show
          </button>
        )}
      </td>
    </tr>
  );
}

/**
 * One network's page: its settings, the containers on it with their
 * addresses (each with Disconnect), Connect a container, and Remove, which
 * names the network and is refused by main while any container is on it.
 */
import { useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import type { Network } from '#shared/model';
import { PREDEFINED_NETWORKS } from '#shared/networks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { href, paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { attachmentsOf } from './attached';
import { ConnectDialog } from './ConnectDialog';
import { networkFlags } from './NetworksView';
import './networks.css';
import { ProtectToggle } from '../cleanup/ProtectToggle';

export function NetworkDetail({ id }: { id: string }): ReactNode {
  const client = useClient();
  const network = useEngineStore((store) => store.networks.byId.get(id));
  const loaded = useEngineStore((store) => store.status !== null);
  if (network === undefined) {
    return (
      <section className="view" aria-labelledby="network-heading">
        <h1 id="network-heading">Network</h1>
        <p>{loaded ? 'This network does not exist on this engine (any more).' : 'Loading…'}</p>
        <p>
          <a href={href(paths.networks(client.engine))}>All networks</a>
        </p>
      </section>
    );
  }
  return <NetworkPage network={network} />;
}

function KeyValues({ values, label }: { values: Record<string, string>; label: string }): ReactNode {
  const entries = Object.entries(values);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="plain" aria-label={label}>
      {entries.map(([k, v]) => (
        <li key={k}>
          <code>
            {k}={v}
          </code>
        </li>
      ))}
    </ul>
  );
}

function NetworkPage({ network }: { network: Network }): ReactNode {
  const client = useClient();
  const attached = useEngineStore((store) => attachmentsOf(store.containers, store.networks, network.id));
  const [open, setOpen] = useState<'connect' | 'remove' | null>(null);
  const action = useAction();
  const builtIn = PREDEFINED_NETWORKS.includes(network.name);

  const remove = () => {
    setOpen(null);
    void action.run(async () => {
      await client.call('network.remove', { id: network.id, confirmed: { name: network.name } });
      navigate(paths.networks(client.engine));
    });
  };

  return (
    <section className="view" aria-labelledby="network-heading">
      <p>
        <a href={href(paths.networks(client.engine))}>Networks</a>
      </p>
      <div className="networks-head">
        <h1 id="network-heading">Network {network.name}</h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setOpen('connect')} disabled={network.driver === 'host' || network.driver === 'null'}>
            Connect a container…
          </button>
          <button type="button" className="danger" onClick={() => setOpen('remove')} disabled={builtIn || action.pending}>
            Remove…
          </button>
          {!builtIn && <ProtectToggle kind="network" id={network.id} name={network.name} labels={network.labels} />}
        </div>
      </div>
      {action.error !== null && (
        <p role="alert" className="error">
          {action.error}
        </p>
      )}
      <dl className="facts">
        <dt>Id</dt>
        <dd>
          <code>{network.id}</code>
        </dd>
        <dt>Driver</dt>
        <dd>{network.driver}</dd>
        <dt>Scope</dt>
        <dd>{network.scope}</dd>
        <dt>Flags</dt>
        <dd>{networkFlags(network) || <span className="muted">none</span>}</dd>
        {network.pools.length === 0 && (
          <>
            <dt>Addresses</dt>
            <dd className="muted">none configured</dd>
          </>
        )}
        {network.pools.map((pool) => (
          <FactsOfPool key={pool.subnet} pool={pool} />
        ))}
        <dt>Driver options</dt>
        <dd>
          <KeyValues values={network.options} label="Driver options" />
        </dd>
        <dt>Labels</dt>
        <dd>
          <KeyValues values={network.labels} label="Labels" />
        </dd>
      </dl>
      <h2>Containers</h2>
      {attached.length === 0 ? (
        <p className="muted">No container is on this network.</p>
      ) : (
        <table className="labels" aria-label="Containers on this network">
          <thead>
            <tr>
              <th scope="col">Container</th>
              <th scope="col">State</th>
              <th scope="col">IPv4</th>
              <th scope="col">IPv6</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {attached.map((a) => (
              <tr key={a.containerId}>
                <td>
                  <a href={href(paths.container(client.engine, a.containerId))}>{a.containerName}</a>
                </td>
                <td>{a.state}</td>
                <td>{a.ipv4 || <span className="muted">—</span>}</td>
                <td>{a.ipv6 || <span className="muted">—</span>}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Disconnect ${a.containerName}`}
                    disabled={action.pending}
                    onClick={() => void action.run(() => client.call('network.disconnect', { network: network.id, container: a.containerId }))}
                  >
                    Disconnect
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open === 'connect' && <ConnectDialog network={network} onClose={() => setOpen(null)} />}
      {open === 'remove' && (
        <ConfirmDialog title={`Remove network ${network.name}?`} confirmLabel="Remove" onConfirm={remove} onCancel={() => setOpen(null)}>
          <p>
            The network <strong>{network.name}</strong> ({network.driver}
            {network.pools.length > 0 && `, ${network.pools.map((p) => p.subnet).join(', ')}`}) will be deleted.
          </p>
          {attached.length > 0 ? (
            <p>
              {attached.length === 1 ? 'A container is' : `${attached.length} containers are`} on it ({attached.map((a) => a.containerName).join(', ')}): Berth
              will refuse until {attached.length === 1 ? 'it is' : 'they are'} disconnected.
            </p>
          ) : (
            <p>No container is on it.</p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}

function FactsOfPool({ pool }: { pool: Network['pools'][number] }): ReactNode {
  return (
    <>
      <dt>Subnet</dt>
      <dd>{pool.subnet || <span className="muted">chosen by the engine</span>}</dd>
      <dt>Gateway</dt>
      <dd>{pool.gateway || <span className="muted">the subnet’s first address</span>}</dd>
      {pool.ipRange !== '' && (
        <>
          <dt>IP range</dt>
          <dd>{pool.ipRange}</dd>
        </>
      )}
      {Object.keys(pool.auxAddresses).length > 0 && (
        <>
          <dt>Auxiliary addresses</dt>
          <dd>
            <KeyValues values={pool.auxAddresses} label="Auxiliary addresses" />
          </dd>
        </>
      )}
    </>
  );
}

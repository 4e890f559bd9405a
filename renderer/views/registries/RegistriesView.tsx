/**
 * Registries: the ones Berth has a credential for (from the docker CLI's
 * config and helpers, or Berth's own), each with its user name and where it
 * is kept; log in and log out. No password or token ever reaches this page.
 */
import { useState, type ReactNode } from 'react';
import type { Credential } from '#shared/registries';
import { DOCKER_HUB } from '#shared/registries';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useBerthClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';
import { LoginDialog } from './LoginDialog';

const shown = (registry: string): string => (registry === DOCKER_HUB ? 'Docker Hub' : registry);

export function RegistriesView(): ReactNode {
  const berth = useBerthClient();
  const list = useLoad('registries', () => berth.call('registries.list', {}));
  const [login, setLogin] = useState(false);
  const [logout, setLogout] = useState<Credential | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const action = useAction();
  const credentials = list.value?.credentials ?? [];
  return (
    <section className="view registries" aria-labelledby="registries-heading">
      <div className="view-head">
        <h1 id="registries-heading">Registries</h1>
        <button type="button" onClick={() => setLogin(true)} disabled={list.value === undefined}>
          Log in…
        </button>
      </div>
      {list.value && !list.value.storage.available && (
        <p className="warning" role="note">
          {list.value.storage.note}
        </p>
      )}
      {note !== null && <p role="status">{note}</p>}
      {(list.error ?? action.error) !== null && (
        <p role="alert" className="error">
          {list.error ?? action.error}
        </p>
      )}
      {list.value !== undefined && credentials.length === 0 ? (
        <p className="empty">Berth has no registry credentials. Pulls from public registries need none.</p>
      ) : (
        <table aria-label="Registry credentials" className="simple-table">
          <thead>
            <tr>
              <th scope="col">Registry</th>
              <th scope="col">User</th>
              <th scope="col">Kept in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {credentials.map((credential) => (
              <tr key={credential.registry}>
                <td>{shown(credential.registry)}</td>
                <td>{credential.username}</td>
                <td>{credential.store}</td>
                <td>
                  <button type="button" onClick={() => setLogout(credential)}>
                    Log out of {shown(credential.registry)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {login && list.value && (
        <LoginDialog
          storageNote={list.value.storage.note}
          onClose={() => setLogin(false)}
          onDone={(store) => {
            setNote(`Logged in; the credential is kept in ${store}.`);
            list.reload();
          }}
        />
      )}
      {logout !== null && (
        <ConfirmDialog
          title={`Log out of ${shown(logout.registry)}?`}
          confirmLabel="Log out"
          onCancel={() => setLogout(null)}
          onConfirm={() => {
            const registry = logout.registry;
            setLogout(null);
            void action
              .run(() => berth.call('registries.logout', { registry, confirmed: { name: registry, also: [] } }))
              .then((outcome) => {
                if (outcome.ok) setNote(`Logged out of ${shown(registry)}.`);
                list.reload();
              });
          }}
        >
          <p>
            Berth will delete the credential of <strong>{logout.username}</strong> for {shown(logout.registry)} from {logout.store}. Pulls and pushes there will need a new login.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

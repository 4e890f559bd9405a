/**
 * "Log in to a registry": the engine in scope checks the user name and
 * password (or token) with the registry before Berth keeps it; the dialog
 * says beforehand where it will be kept, plainly when that is not secure.
 */
import { useRef, useState, type ReactNode } from 'react';
import { registriesRequests } from '#shared/registries';
import { FormDialog } from '../../components/FormDialog';
import { useClient } from '../../hooks/useClient';
import { TextField, firstIssue } from '../activity/fields';

export function LoginDialog({ storageNote, onClose, onDone }: { storageNote: string; onClose(): void; onDone(store: string): void }): ReactNode {
  const client = useClient();
  const first = useRef<HTMLInputElement>(null);
  const [registry, setRegistry] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <FormDialog
      title="Log in to a registry"
      submitLabel="Log in"
      initialFocus={first}
      onClose={onClose}
      onSubmit={async () => {
        const checked = registriesRequests['registries.login'].args.safeParse({ registry, username: username.trim(), password });
        if (!checked.success) throw firstIssue(checked.error, { registry: 'Registry', username: 'User name', password: 'Password or token' });
        const { store } = await client.call('registries.login', { registry, username: username.trim(), password });
        onDone(store);
      }}
    >
      <TextField label="Registry" inputRef={first} value={registry} onChange={setRegistry} placeholder="registry.example.com:5000" hint="Empty for Docker Hub." />
      <TextField label="User name" value={username} onChange={setUsername} autoComplete="username" />
      <TextField label="Password or token" type="password" value={password} onChange={setPassword} autoComplete="current-password" />
      <p className="field-hint">{storageNote}</p>
    </FormDialog>
  );
}

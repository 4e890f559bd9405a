/**
 * "Connect a container to <network>": which container, its aliases on the
 * network, and a fixed IPv4/IPv6 address if wanted. A bad field (a malformed
 * address, or one the engine says is taken) is marked and says why.
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Network } from '#shared/model';
import { ConnectSpecSchema, fieldOfConnectError } from '#shared/networks';
import { FormDialogFrame } from '../../components/FormDialog';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { useEngineStore } from '../../store/engineStore';
import { attachmentsOf } from './attached';

type Field = 'container' | 'aliases' | 'ipv4' | 'ipv6';

export function ConnectDialog({ network, onClose }: { network: Network; onClose(): void }): ReactNode {
  const client = useClient();
  const prefix = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  const containers = useEngineStore((store) => store.containers);
  const networks = useEngineStore((store) => store.networks);
  const attached = attachmentsOf(containers, networks, network.id);
  const candidates = useMemo(() => {
    const on = new Set(attached.map((a) => a.containerId));
    return [...containers.byId.values()].filter((c) => !on.has(c.id)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }, [containers, attached]);
  const [form, setForm] = useState<Record<Field, string>>({ container: '', aliases: '', ipv4: '', ipv6: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const request = useAction();

  const id = (field: Field) => `${prefix}-${field}`;
  const marks = (field: Field) => ({
    id: id(field),
    'aria-invalid': errors[field] !== undefined ? (true as const) : undefined,
    'aria-describedby': errors[field] !== undefined ? `${id(field)}-error` : undefined,
  });
  const message = (field: Field) =>
    errors[field] !== undefined && (
      <span id={`${id(field)}-error`} className="field-error">
        {errors[field]}
      </span>
    );
  const input = (field: Exclude<Field, 'container'>, label: string, placeholder: string) => (
    <div className="net-field">
      <label htmlFor={id(field)}>{label}</label>
      <input {...marks(field)} value={form[field]} placeholder={placeholder} spellCheck={false} onChange={(e) => setForm((f) => ({ ...f, [field]: e.target.value }))} />
      {message(field)}
    </div>
  );

  const submit = async () => {
    const parsed = ConnectSpecSchema.safeParse({
      network: network.id,
      container: form.container,
      aliases: form.aliases.split(/[\s,]+/).filter(Boolean),
      ipv4: form.ipv4.trim(),
      ipv6: form.ipv6.trim(),
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = (issue.path[0] === 'network' ? 'container' : issue.path[0]) as Field;
        found[field] ??= form.container === '' && field === 'container' ? 'choose a container' : issue.message;
      }
      request.clearError();
      setErrors(found);
      return;
    }
    setErrors({});
    const outcome = await request.run(() => client.call('network.connect', { spec: parsed.data }));
    if (outcome.ok) {
      onClose();
      return;
    }
    const field = fieldOfConnectError(outcome.error);
    if (field !== null) setErrors({ [field as Field]: outcome.error });
  };

  return (
    <FormDialogFrame
      title={`Connect a container to ${network.name}`}
      className="network-dialog"
      initialFocus={selectRef}
      submitLabel={request.pending ? 'Connecting…' : 'Connect'}
      onSubmit={() => void submit()}
      onClose={onClose}
      pending={request.pending}
      error={request.error}
    >
      <div className="dialog-body net-form">
        <div className="net-field">
          <label htmlFor={id('container')}>Container</label>
          <select {...marks('container')} ref={selectRef} value={form.container} onChange={(e) => setForm((f) => ({ ...f, container: e.target.value }))}>
            <option value="">Choose a container…</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.state})
              </option>
            ))}
          </select>
          {message('container')}
        </div>
        {input('aliases', 'Aliases', 'db, primary')}
        {input('ipv4', 'IPv4 address', 'the engine picks one')}
        {network.ipv6 && input('ipv6', 'IPv6 address', 'the engine picks one')}
      </div>
    </FormDialogFrame>
  );
}

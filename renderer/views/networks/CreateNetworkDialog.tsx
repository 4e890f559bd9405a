/**
 * "Create a network": driver (overlay only when the engine manages a
 * swarm), parent interface for macvlan and ipvlan, one IPv4 and one IPv6
 * pool, flags, labels and driver options. A bad field is marked and says
 * why (aria-invalid, its message linked by aria-describedby), whether the
 * form found it or the engine refused it; the form stays as typed.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { NETWORK_DRIVERS, offersOverlay, takesParent, type NetworkDriver } from '#shared/networks';
import { FormDialogFrame } from '../../components/FormDialog';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';
import { paths } from '../../routes';
import { emptyNetworkForm, fieldOfEngineError, specFromNetworkForm, type NetworkForm, type NetworkFormErrors, type NetworkFormField } from './form';

type TextField = { [K in NetworkFormField]: NetworkForm[K] extends string ? K : never }[NetworkFormField];
type CheckField = { [K in NetworkFormField]: NetworkForm[K] extends boolean ? K : never }[NetworkFormField];

export function CreateNetworkDialog({ onClose }: { onClose(): void }): ReactNode {
  const client = useClient();
  const nameRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const prefix = useId();
  const [form, setForm] = useState<NetworkForm>(emptyNetworkForm);
  const [errors, setErrors] = useState<NetworkFormErrors>({});
  const [focusTick, setFocusTick] = useState(0);
  const request = useAction();
  // Overlay needs a swarm manager: ask the engine rather than offer what it will refuse.
  const info = useLoad('system.info', () => client.call('system.info', {}));
  const swarmManager = offersOverlay(info.value?.swarm);

  useEffect(() => {
    if (focusTick > 0) dialogRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const id = (field: NetworkFormField) => `${prefix}-${field}`;
  const set = <K extends NetworkFormField>(field: K, value: NetworkForm[K]) => setForm((f) => ({ ...f, [field]: value }));
  const marks = (field: NetworkFormField, hint?: string) => ({
    id: id(field),
    'aria-invalid': errors[field] !== undefined ? (true as const) : undefined,
    'aria-describedby': [errors[field] !== undefined && `${id(field)}-error`, hint && `${id(field)}-hint`].filter(Boolean).join(' ') || undefined,
  });
  const message = (field: NetworkFormField) =>
    errors[field] !== undefined && (
      <span id={`${id(field)}-error`} className="field-error">
        {errors[field]}
      </span>
    );

  const text = (field: TextField, label: string, options: { placeholder?: string; hint?: string; lines?: number } = {}) => (
    <div className="net-field">
      <label htmlFor={id(field)}>{label}</label>
      {options.lines ? (
        <textarea {...marks(field, options.hint)} rows={options.lines} value={form[field]} placeholder={options.placeholder} onChange={(e) => set(field, e.target.value)} />
      ) : (
        <input
          {...marks(field, options.hint)}
          ref={field === 'name' ? nameRef : undefined}
          value={form[field]}
          placeholder={options.placeholder}
          spellCheck={false}
          onChange={(e) => set(field, e.target.value)}
        />
      )}
      {options.hint && (
        <span id={`${id(field)}-hint`} className="field-hint">
          {options.hint}
        </span>
      )}
      {message(field)}
    </div>
  );
  const check = (field: CheckField, label: string) => (
    <p className="dialog-check">
      <input {...marks(field)} type="checkbox" checked={form[field]} onChange={(e) => set(field, e.target.checked)} />
      <label htmlFor={id(field)}>{label}</label>
      {message(field)}
    </p>
  );

  const submit = async (): Promise<void> => {
    const result = specFromNetworkForm(form);
    if (result.errors !== null) {
      request.clearError();
      setErrors(result.errors);
      setFocusTick((n) => n + 1);
      return;
    }
    setErrors({});
    const outcome = await request.run(() => client.call('network.create', { spec: result.spec }));
    if (outcome.ok) {
      onClose();
      navigate(paths.network(client.engine, outcome.value.id));
      return;
    }
    const field = fieldOfEngineError(form, result.spec, outcome.error);
    if (field !== null) {
      setErrors({ [field]: outcome.error });
      setFocusTick((n) => n + 1);
    }
  };

  return (
    <FormDialogFrame
      title="Create a network"
      className="network-dialog"
      dialogRef={dialogRef}
      initialFocus={nameRef}
      submitLabel={request.pending ? 'Creating…' : 'Create'}
      onSubmit={() => void submit()}
      onClose={onClose}
      pending={request.pending}
      error={request.error}
    >
      <div className="dialog-body net-form">
        {text('name', 'Name', { placeholder: 'backend' })}
        <div className="net-field">
          <label htmlFor={id('driver')}>Driver</label>
          <select {...marks('driver')} value={form.driver} onChange={(e) => set('driver', e.target.value as NetworkDriver)}>
            {NETWORK_DRIVERS.map((driver) => (
              <option key={driver} value={driver} disabled={driver === 'overlay' && !swarmManager}>
                {driver === 'overlay' && !swarmManager ? 'overlay (needs a swarm manager)' : driver}
              </option>
            ))}
          </select>
          {message('driver')}
        </div>
        {takesParent(form.driver) && text('parent', 'Parent interface', { placeholder: 'eth0', hint: 'The host interface it sits on (eth0, or eth0.10 for a VLAN); empty: an isolated network.' })}
        <fieldset>
          <legend>IPv4</legend>
          {text('subnet', 'Subnet', { placeholder: '10.20.0.0/16', hint: 'Empty: the engine picks a free one.' })}
          {text('gateway', 'Gateway', { placeholder: '10.20.0.1' })}
          {text('ipRange', 'IP range', { placeholder: '10.20.5.0/24', hint: 'Where container addresses come from; empty: the whole subnet.' })}
          {text('auxAddresses', 'Auxiliary addresses', { placeholder: 'router=10.20.0.2', hint: 'host=address, one per line: addresses the engine must not hand out.', lines: 2 })}
        </fieldset>
        <fieldset>
          <legend>IPv6</legend>
          {check('ipv6', 'Enable IPv6')}
          {form.ipv6 && text('subnet6', 'IPv6 subnet', { placeholder: 'fd00:20::/64' })}
          {form.ipv6 && text('gateway6', 'IPv6 gateway', { placeholder: 'fd00:20::1' })}
        </fieldset>
        {check('internal', 'Internal (no route to the outside)')}
        {check('attachable', 'Attachable (standalone containers may join a swarm network)')}
        {text('labels', 'Labels', { placeholder: 'team=web', hint: 'key=value, one per line.', lines: 2 })}
        {text('options', 'Driver options', { placeholder: 'com.docker.network.bridge.name=br-web', hint: 'key=value, one per line.', lines: 2 })}
      </div>
    </FormDialogFrame>
  );
}

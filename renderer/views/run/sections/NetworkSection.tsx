/** The network to join (completed from the engine's) and the restart policy. */
import { useMemo, type ReactNode } from 'react';
import { useEngineStore } from '../../../store/engineStore';
import { FieldError, TextField, invalid, type Fields } from '../fields';
import type { RunForm } from '../form';

export function NetworkSection({ fields }: { fields: Fields }): ReactNode {
  const networksId = `${fields.id('network')}-networks`;
  return (
    <fieldset>
      <legend>Network and restart</legend>
      <TextField fields={fields} name="network" label="Network" placeholder="default bridge if empty; or host, none, a network name" list={networksId} />
      <NetworkOptions id={networksId} />
      <div className="run-field">
        <label htmlFor={fields.id('restart')}>Restart policy</label>
        <select id={fields.id('restart')} value={fields.form.restart} onChange={(event) => fields.set('restart', event.target.value as RunForm['restart'])} {...invalid(fields, 'restart')}>
          <option value="no">No</option>
          <option value="on-failure">On failure</option>
          <option value="always">Always</option>
          <option value="unless-stopped">Unless stopped</option>
        </select>
        <FieldError fields={fields} name="restart" />
      </div>
      {fields.form.restart === 'on-failure' && <TextField fields={fields} name="maxRetries" label="Maximum retries" errorKey="restart" placeholder="no limit if empty" />}
    </fieldset>
  );
}

function NetworkOptions({ id }: { id: string }): ReactNode {
  const networks = useEngineStore((store) => store.networks);
  const names = useMemo(() => [...new Set(['bridge', 'host', 'none', ...[...networks.byId.values()].map((n) => n.name)])].sort(), [networks]);
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}

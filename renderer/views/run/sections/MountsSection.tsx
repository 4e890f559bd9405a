/** Volume, bind and tmpfs mounts, a group each, with the Docker socket named when a bind gives it away. */
import type { ReactNode } from 'react';
import { FieldError, invalid, type Fields } from '../fields';
import { addRow, removeRow, updateRow, type MountRow } from '../form';

export function MountsSection({ fields, warnings }: { fields: Fields; warnings: Readonly<Record<number, string>> }): ReactNode {
  const update = (index: number, patch: Partial<MountRow>): void => fields.change((f) => updateRow(f, 'mounts', index, patch));
  return (
    <fieldset>
      <legend>Volumes and mounts</legend>
      {fields.form.mounts.map((row, index) => (
        <div className="run-mount" key={index} role="group" aria-label={`Mount ${index + 1}`}>
          <select aria-label={`Type, mount ${index + 1}`} value={row.type} onChange={(event) => update(index, { type: event.target.value as MountRow['type'] })}>
            <option value="volume">Named volume</option>
            <option value="bind">Host folder (bind)</option>
            <option value="tmpfs">tmpfs (memory)</option>
          </select>
          {row.type !== 'tmpfs' && (
            <span>
              <input
                aria-label={`${row.type === 'bind' ? 'Host path' : 'Volume name'}, mount ${index + 1}`}
                value={row.source}
                placeholder={row.type === 'bind' ? '/path/on/host' : 'new anonymous volume if empty'}
                onChange={(event) => update(index, { source: event.target.value })}
                {...invalid(fields, `mounts.${index}.source`)}
              />
              <FieldError fields={fields} name={`mounts.${index}.source`} />
            </span>
          )}
          <span>
            <input aria-label={`Path in the container, mount ${index + 1}`} value={row.target} placeholder="/path/in/container" onChange={(event) => update(index, { target: event.target.value })} {...invalid(fields, `mounts.${index}.target`)} />
            <FieldError fields={fields} name={`mounts.${index}.target`} />
          </span>
          <label>
            <input type="checkbox" checked={row.readOnly} onChange={(event) => update(index, { readOnly: event.target.checked })} /> Read-only
          </label>
          <button type="button" onClick={() => fields.change((f) => removeRow(f, 'mounts', index))}>
            Remove mount {index + 1}
          </button>
          {warnings[index] && <span className="field-warning">{warnings[index]}</span>}
        </div>
      ))}
      <button type="button" onClick={() => fields.change((f) => addRow(f, 'mounts'))}>
        Add a mount
      </button>
    </fieldset>
  );
}

/** Published ports, a row each (host IP, host port or random, container port, protocol), and "publish all". */
import type { ReactNode } from 'react';
import { CheckField, FieldError, invalid, type Fields } from '../fields';
import { addRow, removeRow, updateRow, type PortRow } from '../form';

export function PortsSection({ fields, userWarning }: { fields: Fields; userWarning: string | undefined }): ReactNode {
  const { form } = fields;
  const update = (index: number, patch: Partial<PortRow>): void => fields.change((f) => updateRow(f, 'ports', index, patch));
  return (
    <fieldset>
      <legend>Published ports</legend>
      {form.ports.length > 0 && (
        <table className="run-rows">
          <thead>
            <tr>
              <th scope="col">Host IP</th>
              <th scope="col">Host port</th>
              <th scope="col">Container port</th>
              <th scope="col">Protocol</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {form.ports.map((row, index) => (
              <tr key={index}>
                <td>
                  <input aria-label={`Host IP, port ${index + 1}`} value={row.hostIp} placeholder="all" onChange={(event) => update(index, { hostIp: event.target.value })} {...invalid(fields, `ports.${index}.hostIp`)} />
                  <FieldError fields={fields} name={`ports.${index}.hostIp`} />
                </td>
                <td>
                  <input aria-label={`Host port, port ${index + 1}`} value={row.hostPort} placeholder="random" inputMode="numeric" onChange={(event) => update(index, { hostPort: event.target.value })} {...invalid(fields, `ports.${index}.hostPort`)} />
                  <FieldError fields={fields} name={`ports.${index}.hostPort`} />
                </td>
                <td>
                  <input aria-label={`Container port, port ${index + 1}`} value={row.containerPort} inputMode="numeric" onChange={(event) => update(index, { containerPort: event.target.value })} {...invalid(fields, `ports.${index}.containerPort`)} />
                  <FieldError fields={fields} name={`ports.${index}.containerPort`} />
                </td>
                <td>
                  <select aria-label={`Protocol, port ${index + 1}`} value={row.protocol} onChange={(event) => update(index, { protocol: event.target.value === 'udp' ? 'udp' : 'tcp' })}>
                    <option value="tcp">tcp</option>
                    <option value="udp">udp</option>
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => fields.change((f) => removeRow(f, 'ports', index))}>
                    Remove port {index + 1}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldError fields={fields} name="ports" />
      <button type="button" onClick={() => fields.change((f) => addRow(f, 'ports'))}>
        Add a port
      </button>
      <CheckField fields={fields} name="publishAll" label="Publish all exposed ports on random host ports" />
      {userWarning && <p className="field-warning">{userWarning}</p>}
    </fieldset>
  );
}

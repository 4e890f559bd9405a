/** CPU and memory limits (no memory limit is named as a risk). */
import type { ReactNode } from 'react';
import { TextField, type Fields } from '../fields';

export function ResourcesSection({ fields, memoryWarning }: { fields: Fields; memoryWarning: string | undefined }): ReactNode {
  return (
    <fieldset>
      <legend>Resources</legend>
      <TextField fields={fields} name="cpus" label="CPUs" placeholder="no limit; e.g. 0.5 or 2" />
      <TextField fields={fields} name="memory" label="Memory limit" errorKey="memoryBytes" placeholder="no limit; e.g. 512m or 2g" warning={memoryWarning} />
    </fieldset>
  );
}

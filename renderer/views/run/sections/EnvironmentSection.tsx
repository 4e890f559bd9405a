/** Environment variables, typed or added from an env file. */
import type { ChangeEvent, ReactNode } from 'react';
import { LinesField, type Fields } from '../fields';
import { appendEnvFile } from '../form';

export function EnvironmentSection({ fields }: { fields: Fields }): ReactNode {
  const loadEnvFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    // Cleared, so that choosing the same file again adds it again.
    event.target.value = '';
    if (!file) return;
    void file.text().then((text) => fields.change((form) => appendEnvFile(form, text)));
  };
  return (
    <fieldset>
      <legend>Environment</legend>
      <LinesField fields={fields} name="env" label="Environment variables (KEY=VALUE, one per line)" rows={4} />
      <label className="run-file">
        Add from an env file <input type="file" accept=".env,text/plain" onChange={loadEnvFile} />
      </label>
    </fieldset>
  );
}

/** Renames an engine the user added; its id (and so every address of its objects) stays. */
import { useId, useRef, useState, type ReactNode } from 'react';
import { EngineNameSchema, type EngineEntry } from '#shared/engines';
import { FormDialog } from '../components/FormDialog';
import { useBerthClient } from '../hooks/useClient';

export function RenameEngineDialog({ engine, onClose }: { engine: EngineEntry; onClose(): void }): ReactNode {
  const client = useBerthClient();
  const [name, setName] = useState(engine.name);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  return (
    <FormDialog
      title={`Rename engine ${engine.name}`}
      submitLabel="Rename"
      initialFocus={input}
      onClose={onClose}
      onSubmit={async () => {
        const checked = EngineNameSchema.safeParse(name);
        if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'That cannot be an engine’s name.');
        await client.call('engines.rename', { engine: engine.id, name: checked.data });
      }}
    >
      <label htmlFor={inputId}>New name</label>
      <input id={inputId} ref={input} value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" spellCheck={false} />
    </FormDialog>
  );
}

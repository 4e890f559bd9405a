/**
 * The container page's actions that need an answer first: Rename (a new
 * name, checked as the engine would before it is sent) and Kill (which
 * signal). Each opens a form dialog that keeps what was typed and shows the
 * engine's reason when it refuses.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { ContainerNameSchema, SignalSchema, type Signal } from '#shared/refs';
import type { Container } from '#shared/model';
import { useClient } from '../hooks/useClient';
import { FormDialog } from './FormDialog';

type Open = 'rename' | 'kill' | null;

export function ContainerMoreActions({ container }: { container: Container }): ReactNode {
  const [open, setOpen] = useState<Open>(null);
  const running = container.state === 'running' || container.state === 'paused' || container.state === 'restarting';
  return (
    <div className="actions">
      <button type="button" className="action" aria-label={`Rename ${container.name}`} onClick={() => setOpen('rename')}>
        Rename…
      </button>
      <button
        type="button"
        className="action danger"
        aria-label={`Kill ${container.name}`}
        disabled={!running}
        onClick={() => setOpen('kill')}
      >
        Kill…
      </button>
      {open === 'rename' && <RenameDialog container={container} onClose={() => setOpen(null)} />}
      {open === 'kill' && <KillDialog container={container} onClose={() => setOpen(null)} />}
    </div>
  );
}

function RenameDialog({ container, onClose }: { container: Container; onClose(): void }): ReactNode {
  const client = useClient();
  const [name, setName] = useState(container.name);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  return (
    <FormDialog
      title={`Rename container ${container.name}`}
      submitLabel="Rename"
      initialFocus={input}
      onClose={onClose}
      onSubmit={async () => {
        const checked = ContainerNameSchema.safeParse(name.trim());
        if (!checked.success) throw new Error(`“${name}” cannot be a container name: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
        await client.call('container.rename', { id: container.id, name: checked.data });
      }}
    >
      <label htmlFor={inputId}>New name</label>
      <input id={inputId} ref={input} value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" spellCheck={false} />
    </FormDialog>
  );
}

const SIGNAL_HELP: Partial<Record<Signal, string>> = {
  SIGKILL: 'ends the process at once; it cannot clean up',
  SIGTERM: 'asks the process to stop',
  SIGINT: 'as Ctrl+C',
  SIGHUP: 'many servers reload their configuration',
};

function KillDialog({ container, onClose }: { container: Container; onClose(): void }): ReactNode {
  const client = useClient();
  const [signal, setSignal] = useState<Signal>('SIGKILL');
  const select = useRef<HTMLSelectElement>(null);
  const selectId = useId();
  return (
    <FormDialog
      title={`Kill container ${container.name}?`}
      submitLabel="Send signal"
      danger
      initialFocus={select}
      onClose={onClose}
      onSubmit={() => client.call('container.kill', { id: container.id, signal }).then(() => undefined)}
    >
      <p>
        The signal goes to the main process of <strong>{container.name}</strong>. Work it has not saved may be lost.
      </p>
      <label htmlFor={selectId}>Signal</label>
      <select id={selectId} ref={select} value={signal} onChange={(event) => setSignal(SignalSchema.parse(event.target.value))}>
        {SignalSchema.options.map((option) => (
          <option key={option} value={option}>
            {SIGNAL_HELP[option] ? `${option} (${SIGNAL_HELP[option]})` : option}
          </option>
        ))}
      </select>
    </FormDialog>
  );
}

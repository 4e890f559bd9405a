/**
 * The container page's actions that need an answer first: Stop with a
 * chosen grace period, Rename (a new name, checked as the engine would
 * before it is sent) and Kill (which signal). Each opens a form dialog that keeps what was typed and shows the
 * engine's reason when it refuses.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { ContainerNameSchema, SignalSchema, StopTimeoutSchema, type Signal } from '#shared/refs';
import type { Container } from '#shared/model';
import { useClient } from '../hooks/useClient';
import { useActionStore } from '../store/actionStore';
import { FormDialog } from './FormDialog';

type Open = 'stop' | 'rename' | 'kill' | null;

export function ContainerMoreActions({ container }: { container: Container }): ReactNode {
  const [open, setOpen] = useState<Open>(null);
  const running = container.state === 'running' || container.state === 'paused' || container.state === 'restarting';
  return (
    <div className="actions">
      <button
        type="button"
        className="action"
        aria-label={`Stop ${container.name} after a grace period`}
        disabled={!running}
        onClick={() => setOpen('stop')}
      >
        Stop after…
      </button>
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
      {open === 'stop' && <StopDialog container={container} onClose={() => setOpen(null)} />}
      {open === 'rename' && <RenameDialog container={container} onClose={() => setOpen(null)} />}
      {open === 'kill' && <KillDialog container={container} onClose={() => setOpen(null)} />}
    </div>
  );
}

function StopDialog({ container, onClose }: { container: Container; onClose(): void }): ReactNode {
  const client = useClient();
  const stop = useActionStore((store) => store.stop);
  const [seconds, setSeconds] = useState('10');
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const helpId = useId();
  return (
    <FormDialog
      title={`Stop container ${container.name}`}
      submitLabel="Stop"
      initialFocus={input}
      onClose={onClose}
      onSubmit={async () => {
        const text = seconds.trim();
        const checked = StopTimeoutSchema.safeParse(text === '' ? undefined : Number(text));
        if (!checked.success || (text !== '' && !/^\d+$/.test(text))) {
          throw new Error(`“${seconds}” is not a grace period: give whole seconds from 0 to 3600, or leave it empty.`);
        }
        // The dialog closes at once; the page shows "Stopping…" and, if it fails, the engine's reason.
        void stop(client, container.id, checked.data);
      }}
    >
      <p id={helpId}>
        The main process gets SIGTERM (or the image's stop signal); if it is still running after this many seconds, it is killed. Empty
        uses the container's own setting.
      </p>
      <label htmlFor={inputId}>Grace period (seconds)</label>
      <input
        id={inputId}
        ref={input}
        inputMode="numeric"
        value={seconds}
        aria-describedby={helpId}
        onChange={(event) => setSeconds(event.target.value)}
        autoComplete="off"
      />
    </FormDialog>
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

/**
 * Actions on every ticked container at once. Each container's action is
 * tracked on its own row (progress and the engine's error), exactly as if
 * its own button had been pressed; a container whose state does not allow
 * the action is skipped. Removing asks first and names every container.
 */
import { useId, useState, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { isActionAvailable, needsForceRemove, type LifecycleAction } from '../format/lifecycle';
import { useClient } from '../hooks/useClient';
import { useActionStore } from '../store/actionStore';
import { useIsSelected, useSelectedContainers, useSelectionStore } from '../store/selectionStore';
import { ConfirmDialog } from './ConfirmDialog';

const RUNNABLE: readonly { action: Exclude<LifecycleAction, 'remove'>; label: string }[] = [
  { action: 'start', label: 'Start selected' },
  { action: 'stop', label: 'Stop selected' },
  { action: 'restart', label: 'Restart selected' },
  { action: 'pause', label: 'Pause selected' },
  { action: 'unpause', label: 'Unpause selected' },
];

export function SelectBox({ container }: { container: Container }): ReactNode {
  const selected = useIsSelected(container.id);
  const toggle = useSelectionStore((store) => store.toggle);
  return (
    <input
      type="checkbox"
      aria-label={`Select ${container.name}`}
      checked={selected}
      onChange={() => toggle(container.id)}
      tabIndex={-1}
    />
  );
}

export function BulkActions(): ReactNode {
  const client = useClient();
  const containers = useSelectedContainers();
  const clear = useSelectionStore((store) => store.clear);
  const run = useActionStore((store) => store.run);
  const [confirming, setConfirming] = useState(false);
  if (containers.length === 0) return null;

  const some = (action: LifecycleAction) => containers.some((c) => isActionAvailable(action, c.state));
  const runAll = (action: Exclude<LifecycleAction, 'remove'>): void => {
    for (const c of containers) if (isActionAvailable(action, c.state)) void run(client, c.id, action);
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected containers">
      <span>{containers.length === 1 ? '1 container selected' : `${containers.length} containers selected`}</span>
      {RUNNABLE.map(({ action, label }) => (
        <button key={action} type="button" className="action" disabled={!some(action)} onClick={() => runAll(action)}>
          {label}
        </button>
      ))}
      <button type="button" className="action danger" onClick={() => setConfirming(true)}>
        Remove selected…
      </button>
      <button type="button" className="action" onClick={clear}>
        Clear selection
      </button>
      {confirming && <RemoveSelected containers={containers} onDone={() => setConfirming(false)} />}
    </div>
  );
}

function RemoveSelected({ containers, onDone }: { containers: Container[]; onDone(): void }): ReactNode {
  const client = useClient();
  const remove = useActionStore((store) => store.remove);
  const clear = useSelectionStore((store) => store.clear);
  const [volumes, setVolumes] = useState(false);
  const checkboxId = useId();
  const up = containers.filter((c) => needsForceRemove(c.state));
  const count = containers.length === 1 ? '1 container' : `${containers.length} containers`;
  return (
    <ConfirmDialog
      title={`Remove ${count}?`}
      confirmLabel={`Remove ${count}`}
      onCancel={onDone}
      onConfirm={() => {
        onDone();
        clear();
        for (const c of containers) void remove(client, c.id, { force: needsForceRemove(c.state), volumes });
      }}
    >
      <p>These containers will be deleted, with everything written inside them that is not in a volume:</p>
      <ul className="plain" aria-label="Containers to remove">
        {containers.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong> ({c.image}, {c.state})
          </li>
        ))}
      </ul>
      {up.length > 0 && <p>{up.length === 1 ? 'One is' : `${up.length} are`} still up: stopped and killed first, without a clean shutdown.</p>}
      <p>Named volumes are never removed.</p>
      <p className="dialog-check">
        <input id={checkboxId} type="checkbox" checked={volumes} onChange={(event) => setVolumes(event.target.checked)} />
        <label htmlFor={checkboxId}>Also remove their anonymous volumes</label>
      </p>
    </ConfirmDialog>
  );
}

/**
 * Removing several containers at once (a selection, a Compose project): the
 * dialog names every one, says which are still up and will be killed, and
 * removes anonymous volumes only when ticked. Each removal is tracked on its
 * own row, as if its own Remove had been confirmed.
 */
import { useId, useState, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { needsForceRemove } from '../format/lifecycle';
import { useClient } from '../hooks/useClient';
import { useActionStore } from '../store/actionStore';
import { ConfirmDialog } from './ConfirmDialog';

export function RemoveContainersDialog({
  containers,
  what,
  onDone,
  onRemove,
}: {
  containers: readonly Container[];
  /** What is being removed, for the title ("3 containers" when absent). */
  what?: string;
  onDone(): void;
  /** Called as the removals are sent (to clear a selection, say). */
  onRemove?(): void;
}): ReactNode {
  const client = useClient();
  const remove = useActionStore((store) => store.remove);
  const [volumes, setVolumes] = useState(false);
  const checkboxId = useId();
  const up = containers.filter((c) => needsForceRemove(c.state));
  const count = containers.length === 1 ? '1 container' : `${containers.length} containers`;
  const title = what ?? count;
  return (
    <ConfirmDialog
      title={`Remove ${title}?`}
      confirmLabel={`Remove ${title}`}
      onCancel={onDone}
      onConfirm={() => {
        onDone();
        onRemove?.();
        for (const c of containers) void remove(client, c.id, { force: needsForceRemove(c.state), volumes });
      }}
    >
      <p>
        {what === undefined ? 'These containers' : `The ${count} of ${what}`} will be deleted, with everything written inside them that is
        not in a volume:
      </p>
      <ul className="plain" aria-label="Containers to remove">
        {containers.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong> ({c.image}, {c.state})
          </li>
        ))}
      </ul>
      {up.length > 0 && <p>{up.length === 1 ? 'One is' : `${up.length} are`} still up: stopped and killed first, without a clean shutdown.</p>}
      <p>Named volumes and networks are never removed.</p>
      <p className="dialog-check">
        <input id={checkboxId} type="checkbox" checked={volumes} onChange={(event) => setVolumes(event.target.checked)} />
        <label htmlFor={checkboxId}>Also remove their anonymous volumes</label>
      </p>
    </ConfirmDialog>
  );
}

/**
 * Removing several containers at once (a selection, on one engine or on
 * several, or a Compose project): the dialog names every one (and its
 * engine, when they are on more than one), says which are still up and will be killed, names
 * each one's anonymous volumes and removes them only when ticked. Each
 * removal is tracked on its own row and carries its own confirmation, as if
 * its own Remove had been confirmed.
 */
import { useId, useState, type ReactNode } from 'react';
import { objectKey } from '../engines/keys';
import { needsForceRemove } from '../format/lifecycle';
import { namedVolumes, useAnonymousVolumes, type AnonymousVolumes } from '../hooks/useAnonymousVolumes';
import { useBerthClient } from '../hooks/useClient';
import { useActionStore } from '../store/actionStore';
import { useEnginesStore } from '../store/engineStore';
import type { SelectedContainer } from '../store/selectionStore';
import { ConfirmDialog } from './ConfirmDialog';

export function RemoveContainersDialog({
  containers,
  what,
  onDone,
  onRemove,
}: {
  containers: readonly SelectedContainer[];
  /** What is being removed, for the title ("3 containers" when absent). */
  what?: string;
  onDone(): void;
  /** Called as the removals are sent (to clear a selection, say). */
  onRemove?(): void;
}): ReactNode {
  const berth = useBerthClient();
  const remove = useActionStore((store) => store.remove);
  const [volumes, setVolumes] = useState(false);
  const anonymous = useAnonymousVolumes(containers.map(({ engine, container }) => ({ engine, id: container.id })));
  const volumesOf = ({ engine, container }: SelectedContainer) => anonymous?.get(objectKey(engine, container.id));
  const engines = new Set(containers.map((c) => c.engine));
  const names = useEnginesStore((store) => store.engines);
  const engineName = (engine: string) => names?.find((e) => e.id === engine)?.name ?? engine;
  const checkboxId = useId();
  const up = containers.filter(({ container }) => needsForceRemove(container.state));
  const unchecked = containers.filter((c) => volumesOf(c) === 'unknown');
  const withVolumes = containers.some((c) => namedVolumes(volumesOf(c)).length > 0);
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
        for (const item of containers) {
          const { engine, container: c } = item;
          // Volumes go only with a container whose volumes this dialog listed, and the confirmation names them.
          const also = volumes ? namedVolumes(volumesOf(item)) : [];
          void remove(berth.engine(engine), c.id, { force: needsForceRemove(c.state), volumes: also.length > 0, confirmed: { name: c.name, also } });
        }
      }}
    >
      <p>
        {what === undefined ? 'These containers' : `The ${count} of ${what}`} will be deleted, with everything written inside them that is
        not in a volume:
      </p>
      <ul className="plain" aria-label="Containers to remove">
        {containers.map((item) => {
          const { engine, container: c } = item;
          return (
            <li key={objectKey(engine, c.id)}>
              <strong>{c.name}</strong> ({engines.size > 1 && `on ${engineName(engine)}, `}
              {c.image}, {c.state})
              <VolumesOf name={c.name} volumes={volumesOf(item)} />
            </li>
          );
        })}
      </ul>
      {up.length > 0 && <p>{up.length === 1 ? 'One is' : `${up.length} are`} still up: stopped and killed first, without a clean shutdown.</p>}
      <p>Named volumes and networks are never removed.</p>
      {anonymous === null ? (
        <p className="muted">Checking their volumes…</p>
      ) : (
        <>
          {unchecked.length > 0 && (
            <p>
              Berth could not check the volumes of {unchecked.map((c) => c.container.name).join(', ')}; any anonymous ones are kept.
            </p>
          )}
          {withVolumes && (
            <p className="dialog-check">
              <input id={checkboxId} type="checkbox" checked={volumes} onChange={(event) => setVolumes(event.target.checked)} />
              <label htmlFor={checkboxId}>Also remove their anonymous volumes</label>
            </p>
          )}
        </>
      )}
    </ConfirmDialog>
  );
}

/** One container's anonymous volumes, under its name in the list. */
function VolumesOf({ name, volumes }: { name: string; volumes: AnonymousVolumes | undefined }): ReactNode {
  if (volumes === undefined || volumes === 'unknown' || volumes.length === 0) return null;
  return (
    <ul className="plain" aria-label={`Anonymous volumes of ${name}`}>
      {volumes.map((m) => (
        <li key={m.source}>
          <code title={m.source}>{m.source.slice(0, 12)}</code> mounted at <code>{m.destination}</code>
        </li>
      ))}
    </ul>
  );
}

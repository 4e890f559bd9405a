/**
 * Actions on every ticked container at once. Each container's action is
 * tracked on its own row (progress and the engine's error), exactly as if
 * its own button had been pressed; a container whose state does not allow
 * the action is skipped. Removing asks first and names every container.
 * On one engine's page it acts on that engine's ticked containers; in "All
 * engines", on every engine's, each through its own engine.
 */
import { useState, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { objectKey } from '../engines/keys';
import { useEngineId, useKeysInScope } from '../engines/scope';
import { isActionAvailable, type LifecycleAction } from '../format/lifecycle';
import { useBerthClient } from '../hooks/useClient';
import { useActionStore } from '../store/actionStore';
import { useIsSelected, useSelectedContainers, useSelectionStore } from '../store/selectionStore';
import { RemoveContainersDialog } from './RemoveContainersDialog';
import { TickAllBox } from './TickAllBox';
import { useUpdateMany } from '../views/activity/UpdateButtons';

const RUNNABLE: readonly { action: Exclude<LifecycleAction, 'remove'>; label: string }[] = [
  { action: 'start', label: 'Start selected' },
  { action: 'stop', label: 'Stop selected' },
  { action: 'restart', label: 'Restart selected' },
  { action: 'pause', label: 'Pause selected' },
  { action: 'unpause', label: 'Unpause selected' },
];

export function SelectBox({ container }: { container: Container }): ReactNode {
  const selected = useIsSelected(container.id);
  const key = objectKey(useEngineId(), container.id);
  const toggle = useSelectionStore((store) => store.toggle);
  return (
    <input
      type="checkbox"
      aria-label={`Select ${container.name}`}
      checked={selected}
      onChange={() => toggle(key)}
      tabIndex={-1}
    />
  );
}

/** The Select column's header: ticks every row the filter shows, or clears them when all are ticked. */
export function SelectAllShown({ ids }: { ids: readonly string[] }): ReactNode {
  return <TickAllBox keys={useKeysInScope(ids)} store={useSelectionStore} label="Select all shown" />;
}

export function BulkActions(): ReactNode {
  const berth = useBerthClient();
  const containers = useSelectedContainers();
  const clear = useSelectionStore((store) => store.clear);
  const run = useActionStore((store) => store.run);
  const [confirming, setConfirming] = useState(false);
  const update = useUpdateMany();
  const engines = [...new Set(containers.map(({ engine }) => engine))];

  const some = (action: LifecycleAction) => containers.some(({ container }) => isActionAvailable(action, container.state));
  const runAll = (action: Exclude<LifecycleAction, 'remove'>): void => {
    for (const { engine, container } of containers) if (isActionAvailable(action, container.state)) void run(berth.engine(engine), container.id, action);
  };

  // The dialog outside the bar, at one place in the tree: the selection empties while it updates, and the bar goes.
  return (
    <>
      {containers.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected containers">
          <span>{containers.length === 1 ? '1 container selected' : `${containers.length} containers selected`}</span>
          {RUNNABLE.map(({ action, label }) => (
            <button key={action} type="button" className="action" disabled={!some(action)} onClick={() => runAll(action)}>
              {label}
            </button>
          ))}
          <button
            type="button"
            className="action"
            aria-label="Update selected"
            // One engine's pulls and recreates at a time: the dialog pulls on that engine.
            disabled={engines.length !== 1}
            title={engines.length === 1 ? undefined : 'Tick containers of one engine to update them'}
            onClick={() => update.open(engines[0]!, containers.map(({ container }) => container), containers.length === 1 ? containers[0]!.container.name : `${containers.length} containers`)}
          >
            Update…
          </button>
          <button type="button" className="action danger" onClick={() => setConfirming(true)}>
            Remove selected…
          </button>
          <button type="button" className="action" onClick={clear}>
            Clear selection
          </button>
          {confirming && <RemoveContainersDialog containers={containers} onDone={() => setConfirming(false)} onRemove={clear} />}
        </div>
      )}
      {update.dialog}
    </>
  );
}

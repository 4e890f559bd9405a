/**
 * "Protect from cleanup" on an object's own page (container, image, volume,
 * network): pins it in Berth (cleanup.protect, kept in main), so that no
 * cleanup or prune offers it, and "Unprotect" takes the pin away. An object
 * labelled berth.protect is protected by its label, which only its owner
 * can change: the page says so instead.
 */
import type { ReactNode } from 'react';
import { cleanupItemKey, labelProtects, PROTECT_LABEL, type CleanupKind } from '#shared/cleanup';
import { useEngineId } from '../../engines/scope';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';

export function ProtectToggle({ kind, id, name, labels }: { kind: CleanupKind; id: string; name: string; labels: Record<string, string> }): ReactNode {
  const client = useClient();
  const engine = useEngineId();
  const pins = useLoad(`${engine} pins`, () => client.call('cleanup.pins', {}));
  const act = useAction();
  if (labelProtects(labels)) {
    return (
      <span className="muted" title={`Labelled ${PROTECT_LABEL}`}>
        Protected from cleanup by its label
      </span>
    );
  }
  const key = cleanupItemKey({ kind, id });
  const pinned = pins.value?.some((pin) => cleanupItemKey(pin) === key);
  const toggle = (): void => {
    void act.run(async () => {
      await client.call('cleanup.protect', { kind, id, protect: !pinned });
      pins.reload();
    }, pinned ? `Could not unprotect ${name}` : `Could not protect ${name}`);
  };
  return (
    <>
      <button
        type="button"
        disabled={pinned === undefined || act.pending || pins.pending}
        title={pinned ? 'Pinned in Berth: no cleanup or prune offers it' : 'Pin it in Berth: no cleanup or prune offers it'}
        onClick={toggle}
      >
        {pinned ? 'Unprotect' : 'Protect from cleanup'}
      </button>
      {(act.error ?? pins.error) !== null && (
        <span role="alert" className="error">
          {act.error ?? pins.error}
        </span>
      )}
    </>
  );
}

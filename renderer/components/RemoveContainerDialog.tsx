/**
 * "Remove container web-1?": names the container and says exactly what will
 * be lost before anything is. One instance for the whole app, opened by the
 * Remove buttons and the Delete key through the action store.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { needsForceRemove } from '../format/lifecycle';
import { namedVolumes, useAnonymousVolumes } from '../hooks/useAnonymousVolumes';
import { objectKey } from '../engines/keys';
import { EngineScope } from '../engines/scope';
import { useClient } from '../hooks/useClient';
import { useActionStore, type RemoveRequest } from '../store/actionStore';
import { useEngineStore } from '../store/engineStore';
import { ConfirmDialog } from './ConfirmDialog';

export function RemoveContainerDialog(): ReactNode {
  const request = useActionStore((store) => store.removeRequest);
  // A fresh form (checkbox unticked) for every request.
  return (
    request && (
      <EngineScope value={request.engine}>
        <RemoveContainerQuestion key={request.id} request={request} />
      </EngineScope>
    )
  );
}

function RemoveContainerQuestion({ request }: { request: RemoveRequest }): ReactNode {
  const client = useClient();
  const container = useEngineStore((store) => store.containers.byId.get(request.id));
  const cancel = useActionStore((store) => store.cancelRemove);
  const remove = useActionStore((store) => store.remove);
  const [volumes, setVolumes] = useState(false);
  // Name exactly which volumes the checkbox would delete; null while checking.
  const anonymous = useAnonymousVolumes([request])?.get(objectKey(request.engine, request.id)) ?? null;
  const checkboxId = useId();
  const gone = container === undefined;

  // Removed by someone else meanwhile: there is nothing left to ask about.
  useEffect(() => {
    if (gone) cancel();
  }, [gone, cancel]);
  if (container === undefined) return null;

  // Read the state now, not when the dialog opened: it may have started meanwhile.
  const force = needsForceRemove(container.state);
  return (
    <ConfirmDialog
      title={`Remove container ${request.name}?`}
      confirmLabel="Remove"
      onCancel={cancel}
      onConfirm={() => {
        cancel();
        // The confirmation names what this dialog showed: the container, and the volumes listed when ticked.
        void remove(client, container.id, {
          force,
          volumes,
          confirmed: { name: container.name, also: volumes ? namedVolumes(anonymous) : [] },
        });
      }}
    >
      <p>
        The container <strong>{container.name}</strong> ({container.image}) will be deleted, with everything written
        inside it that is not in a volume.
      </p>
      {force && (
        <p>
          It is {container.state} now: it will be stopped and killed first, without a clean shutdown.
        </p>
      )}
      <p>Named volumes are never removed.</p>
      {anonymous === null ? (
        <p className="muted">Checking its volumes…</p>
      ) : anonymous === 'unknown' ? (
        <p>Berth could not check its volumes; any anonymous ones are kept.</p>
      ) : anonymous.length === 0 ? (
        <p>It has no anonymous volumes.</p>
      ) : (
        <>
          <p>
            Its anonymous volumes are kept unless you tick the box; their data is lost if they are removed:
          </p>
          <ul className="plain" aria-label="Anonymous volumes">
            {anonymous.map((m) => (
              <li key={m.source}>
                <code title={m.source}>{m.source.slice(0, 12)}</code> mounted at <code>{m.destination}</code>
              </li>
            ))}
          </ul>
          <p className="dialog-check">
            <input id={checkboxId} type="checkbox" checked={volumes} onChange={(event) => setVolumes(event.target.checked)} />
            <label htmlFor={checkboxId}>Also remove its anonymous volumes</label>
          </p>
        </>
      )}
    </ConfirmDialog>
  );
}

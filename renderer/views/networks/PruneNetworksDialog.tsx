/**
 * "Remove unused networks": the exact list main found unused (no container
 * on it, running or stopped; never the engine's own, a pinned or a labelled
 * one), each ticked. Main holds the list (a Cleanup preview of one scope);
 * the removal names that preview and the ticked networks, and main removes
 * only those. A network put to use or made since the preview is not
 * touched; the result says what went and what was skipped, and why.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import type { CleanupResult } from '#shared/cleanup';
import { RelativeTime } from '../../components/LiveTime';
import { ModalDialog } from '../../components/ModalDialog';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';

export function PruneNetworksDialog({ onClose }: { onClose(): void }): ReactNode {
  const client = useClient();
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const preview = useLoad('unusedNetworks', () => client.call('cleanup.preview', { scope: 'unusedNetworks' }));
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<CleanupResult | null>(null);
  const removal = useAction();
  const networks = preview.value?.candidates ?? [];
  const ticked = networks.filter((n) => !unticked.has(n.id));

  const toggle = (id: string, on: boolean) =>
    setUnticked((was) => {
      const next = new Set(was);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });

  const remove = async () => {
    const held = preview.value;
    if (held === undefined) return;
    const outcome = await removal.run(() =>
      client.call('cleanup.delete', { previewId: held.previewId, items: ticked.map(({ kind, id }) => ({ kind, id })), confirmed: { name: held.previewId } }),
    );
    if (outcome.ok) setResult(outcome.value);
  };

  return (
    <ModalDialog className="confirm-dialog network-dialog" labelledBy={titleId} initialFocus={cancelRef} onClose={onClose} locked={removal.pending}>
      <h2 id={titleId}>Remove unused networks</h2>
      <div className="dialog-body">
        {result !== null ? (
          <>
            <p role="status">
              Removed {result.removed.length} {result.removed.length === 1 ? 'network' : 'networks'}
              {result.skipped.length > 0 && `; skipped ${result.skipped.length}`}.
            </p>
            {result.removed.length > 0 && (
              <ul className="plain" aria-label="Removed">
                {result.removed.map((n) => (
                  <li key={n.id}>{n.name}</li>
                ))}
              </ul>
            )}
            {result.skipped.length > 0 && (
              <ul className="plain" aria-label="Skipped">
                {result.skipped.map((n) => (
                  <li key={n.id}>
                    {n.name}: {n.reason}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : preview.pending && preview.value === undefined ? (
          <p className="muted">Looking for unused networks…</p>
        ) : preview.error !== null ? (
          <p role="alert" className="error">
            {preview.error}
          </p>
        ) : networks.length === 0 ? (
          <p>No network is unused: every one has a container on it, or is one of the engine’s own.</p>
        ) : (
          <>
            <p>
              These networks have no container on them, running or stopped. Exactly the ticked ones will be removed; a network
              made or put to use after this list was read is left alone.
            </p>
            <table className="labels" aria-label="Unused networks">
              <thead>
                <tr>
                  <th scope="col">Remove</th>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {networks.map((n) => (
                  <tr key={n.id}>
                    <td>
                      <input type="checkbox" aria-label={`Remove ${n.name}`} checked={!unticked.has(n.id)} onChange={(e) => toggle(n.id, e.target.checked)} />
                    </td>
                    <td>{n.name}</td>
                    <td>
                      <RelativeTime at={n.created} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {removal.error !== null && (
          <p role="alert" className="error">
            {removal.error}
          </p>
        )}
      </div>
      <div className="dialog-buttons">
        {result === null && networks.length > 0 && (
          <button type="button" className="danger primary" disabled={removal.pending || ticked.length === 0} onClick={() => void remove()}>
            {removal.pending ? 'Removing…' : `Remove ${ticked.length} ${ticked.length === 1 ? 'network' : 'networks'}`}
          </button>
        )}
        <button type="button" ref={cancelRef} onClick={onClose} disabled={removal.pending}>
          {result === null ? 'Cancel' : 'Close'}
        </button>
      </div>
    </ModalDialog>
  );
}

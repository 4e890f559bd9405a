/**
 * Updates: for every tag this engine's containers use, whether its registry
 * now has another image behind it (checked when the user asks: one HEAD per
 * tag, no pull), and Update for each container that could move.
 */
import { useState, type ReactNode } from 'react';
import type { ImageUpdate } from '#shared/registries';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { useEngineStore } from '../../store/engineStore';
import { UpdateDialog, type UpdateSubject } from './UpdateDialog';

const STATE_WORDS: Record<ImageUpdate['state'], string> = { current: 'up to date', available: 'update available', unknown: 'cannot tell' };

export function UpdatesPanel(): ReactNode {
  const client = useClient();
  const check = useAction();
  const [found, setFound] = useState<ImageUpdate[] | null>(null);
  const [updating, setUpdating] = useState<UpdateSubject | null>(null);
  const containers = useEngineStore((store) => store.containers);
  const nameOf = (id: string): string => containers.byId.get(id)?.name ?? id.slice(0, 12);
  const run = (): void => void check.run(() => client.call('updates.check', {})).then((outcome) => outcome.ok && setFound(outcome.value.images));
  return (
    <section aria-labelledby="updates-heading" className="updates">
      <div className="view-head">
        <h2 id="updates-heading">Updates</h2>
        <button type="button" disabled={check.pending} onClick={run}>
          {check.pending ? 'Checking…' : 'Check for updates'}
        </button>
      </div>
      {check.error !== null && (
        <p role="alert" className="error">
          {check.error}
        </p>
      )}
      {found !== null &&
        (found.length === 0 ? (
          <p className="empty">No container here runs an image by a tag.</p>
        ) : (
          <table aria-label="Image updates" className="simple-table">
            <thead>
              <tr>
                <th scope="col">Image</th>
                <th scope="col">State</th>
                <th scope="col">Containers</th>
              </tr>
            </thead>
            <tbody>
              {found.map((update) => (
                <tr key={`${update.reference} ${update.containers.join(',')}`}>
                  <td>{update.reference}</td>
                  <td title={update.reason ?? update.remoteDigest ?? undefined}>
                    {STATE_WORDS[update.state]}
                    {update.reason !== null && <span className="field-hint"> ({update.reason})</span>}
                  </td>
                  <td>
                    {update.containers.map((id) =>
                      update.state === 'available' ? (
                        <button key={id} type="button" onClick={() => setUpdating({ id, name: nameOf(id), image: update.reference })}>
                          Update {nameOf(id)}
                        </button>
                      ) : (
                        <span key={id}>{nameOf(id)} </span>
                      ),
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {updating !== null && <UpdateDialog subjects={[updating]} what={updating.name} onClose={() => setUpdating(null)} onDone={run} />}
    </section>
  );
}

/**
 * "Update <container>": pull its tag (a pull job, shown here and in the
 * Activity list), then say what recreating on that image changes, and only
 * then, on the user's word, recreate it (main rolls back if the new one
 * fails to start).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { RequestResult } from '#shared/contract';
import { FormDialogFrame } from '../../components/FormDialog';
import { errorText } from '../../format/errors';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { usePull } from '../run/usePull';
import { JobProgress } from './JobProgress';

type Changes = RequestResult<'updates.changes'>;

export function UpdateDialog({ id, name, reference, onClose, onDone }: { id: string; name: string; reference: string; onClose(): void; onDone(): void }): ReactNode {
  const client = useClient();
  const focus = useRef<HTMLParagraphElement>(null);
  const { pulling, pull } = usePull();
  const [changes, setChanges] = useState<Changes | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const apply = useAction();
  useEffect(() => {
    let live = true;
    pull(reference)
      .then(() => client.call('updates.changes', { id }))
      .then(
        (found) => live && setChanges(found),
        (error: unknown) => live && setFailed(errorText(error)),
      );
    return () => {
      live = false;
    };
  }, [client, id, reference, pull]);
  const ready = changes !== null && changes.changes.length > 0;
  return (
    <FormDialogFrame
      title={`Update ${name}`}
      submitLabel={apply.pending ? 'Recreating…' : 'Recreate on the new image'}
      initialFocus={focus}
      onClose={onClose}
      pending={apply.pending || (changes === null && failed === null)}
      error={apply.error ?? failed}
      onSubmit={() => {
        if (!ready) return;
        void apply.run(() => client.call('updates.apply', { id })).then((outcome) => {
          if (!outcome.ok) return;
          onDone();
          onClose();
        });
      }}
      progress={pulling && <JobProgress job={pulling} />}
    >
      <div className="dialog-body">
        <p ref={focus} tabIndex={-1}>
          {changes === null ? `Pulling ${reference}…` : ready ? `Recreating ${name} on ${changes.reference} changes:` : `${name} already runs the image ${changes.reference} names.`}
        </p>
        {ready && (
          <ul aria-label="What changes">
            {changes.changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        )}
        {ready && <p>Its own settings stay. If the new container cannot start, the old one is put back as it was.</p>}
      </div>
    </FormDialogFrame>
  );
}

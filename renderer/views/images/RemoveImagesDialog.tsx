/**
 * "Remove 3 images?": names every tag or untagged image that goes, what each
 * removal does (a tag goes; the image goes with its last tag), and the
 * containers that use each image. Removing an image a container uses needs
 * force, and the request then names those containers (main checks it);
 * one used by a running container the engine refuses, and the dialog says so
 * before it is tried. Each removal goes to its row's engine; rows of more
 * than one engine ("All engines") each name theirs.
 */
import { useRef, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { FormDialog } from '../../components/FormDialog';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { errorText } from '../../format/errors';
import { objectKey } from '../../engines/keys';
import { useBerthClient } from '../../hooks/useClient';
import { useEnginesStore } from '../../store/engineStore';
import { rowRef, type ImageRow } from './imageRows';

const isUp = (c: Container): boolean => c.state === 'running' || c.state === 'paused' || c.state === 'restarting';

function effect(row: ImageRow): string {
  if (row.tag === null) {
    const tags = row.image.tags.length === 0 ? '' : ` with its tag${row.image.tags.length === 1 ? '' : 's'} ${row.image.tags.join(', ')}`;
    return `deletes the image${tags} (${formatSize(row.image.size)})`;
  }
  const others = row.image.tags.filter((t) => t !== row.tag);
  return others.length === 0 ? `deletes the image with its last tag (${formatSize(row.image.size)})` : `removes this tag; the image keeps ${others.join(', ')}`;
}

/** `onRemoved` is given the removed rows by engine and row key (engines/keys.ts). */
export function RemoveImagesDialog({ rows, onClose, onRemoved }: { rows: readonly ImageRow[]; onClose(): void; onRemoved?(keys: readonly string[]): void }): ReactNode {
  const berth = useBerthClient();
  const names = useEnginesStore((store) => store.engines);
  const engines = new Set(rows.map((row) => row.engine));
  const engineName = (engine: string) => names?.find((e) => e.id === engine)?.name ?? engine;
  const bodyRef = useRef<HTMLParagraphElement>(null);
  const what = rows.length === 1 ? (rows[0]!.tag ?? `image ${shortId(rows[0]!.image.id)}`) : `${rows.length} images`;
  const running = rows.filter((row) => row.users.some(isUp));
  return (
    <FormDialog
      title={`Remove ${what}?`}
      submitLabel={`Remove ${what}`}
      danger
      initialFocus={bodyRef}
      onClose={onClose}
      onSubmit={async () => {
        const failures: string[] = [];
        const removed: string[] = [];
        // One after another: removing two tags of one image, the second is its last.
        for (const row of rows) {
          const ref = rowRef(row);
          const users = row.users.map((c) => c.name);
          try {
            // By id, an image with several tags goes only when forced, as `docker rmi -f` does it.
            const force = users.length > 0 || (row.tag === null && row.image.tags.length > 1);
            await berth.engine(row.engine).call('image.remove', { ref, force, confirmed: { name: ref, also: users } });
            removed.push(objectKey(row.engine, row.key));
          } catch (error) {
            failures.push(errorText(error));
          }
        }
        onRemoved?.(removed);
        if (failures.length > 0) throw new Error(failures.join('\n'));
      }}
    >
      <p ref={bodyRef} tabIndex={-1}>
        {rows.length === 1 ? 'This removal' : 'Each removal'} cannot be undone: an image that goes must be pulled, built or loaded again.
      </p>
      <ul className="plain remove-images" aria-label="Images to remove">
        {rows.map((row) => (
          <li key={objectKey(row.engine, row.key)}>
            <strong>{row.tag ?? '<none>:<none>'}</strong> <code className="muted">{shortId(row.image.id)}</code>
            {engines.size > 1 && ` on ${engineName(row.engine)}`}: {effect(row)}
            {row.users.length > 0 && (
              <span className="image-users">
                {' '}
                Used by {row.users.map((c) => `${c.name} (${c.state})`).join(', ')}
                {row.users.some(isUp) ? ': the engine will refuse while a container runs it; stop it first.' : ': removed from under them (forced); the containers stay.'}
              </span>
            )}
          </li>
        ))}
      </ul>
      {running.length > 0 && <p>{running.length === 1 ? 'One is' : `${running.length} are`} used by a running container and will not be removed.</p>}
    </FormDialog>
  );
}

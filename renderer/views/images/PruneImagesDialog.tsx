/**
 * Prune with an exact preview: the dialog lists every image the prune would
 * remove now (name, size, age), and Delete removes exactly that list, by id
 * (main skips any that changed since, and touches nothing that appeared).
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PruneCandidate, PruneMode, PruneResult } from '#shared/images';
import { FormDialog } from '../../components/FormDialog';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { fixedSource } from '../../table/source';

const MODES: readonly { mode: PruneMode; label: string }[] = [
  { mode: 'dangling', label: 'Dangling images (untagged, used by no container)' },
  { mode: 'unused', label: 'Every image no container uses, tagged or not' },
];

const candidateTable: TableConfig<PruneCandidate> = {
  label: 'Images to prune',
  noun: 'images',
  nounOne: 'image',
  empty: 'Nothing to prune.',
  initialSort: { column: 'size', direction: 'descending' },
  minWidth: '28rem',
  columns: [
    {
      id: 'name',
      header: 'Image',
      width: 'minmax(10rem, 3fr)',
      cell: (c) => (c.tags.length === 0 ? <code>{shortId(c.id)}</code> : c.tags.join(', ')),
      sortKey: (c) => c.tags[0] ?? c.id,
    },
    { id: 'size', header: 'Size', width: '6rem', cell: (c) => formatSize(c.size), sortKey: (c) => c.size, descendingFirst: true },
    { id: 'age', header: 'Created', width: '8rem', cell: (c) => <RelativeTime at={c.created} />, sortKey: (c) => c.created, descendingFirst: true },
  ],
  filterText: (c) => `${c.tags.join(' ')} ${shortId(c.id)}`,
};

export function PruneImagesDialog({ onClose, onPruned }: { onClose(): void; onPruned(result: PruneResult): void }): ReactNode {
  const client = useClient();
  const [mode, setMode] = useState<PruneMode>('dangling');
  const preview = useLoad(mode, () => client.call('image.prunePreview', { mode }));
  const first = useRef<HTMLInputElement>(null);
  const name = useId();
  const candidates = preview.pending ? undefined : preview.value;
  const source = useMemo(() => (candidates === undefined ? null : fixedSource(candidates, (c) => c.id)), [candidates]);
  const total = (candidates ?? []).reduce((sum, c) => sum + c.size, 0);
  const count = candidates?.length ?? 0;
  return (
    <FormDialog
      title="Prune images"
      submitLabel={count === 0 ? 'Delete' : `Delete ${count === 1 ? '1 image' : `${count} images`}`}
      danger
      initialFocus={first}
      onClose={onClose}
      onSubmit={async () => {
        if (candidates === undefined) throw new Error('The preview is not ready yet.');
        if (candidates.length === 0) throw new Error('Nothing to prune.');
        onPruned(await client.call('image.prune', { mode, previewed: candidates }));
      }}
    >
      <fieldset className="prune-modes">
        <legend>What to prune</legend>
        {MODES.map((m, index) => (
          <label key={m.mode}>
            <input ref={index === 0 ? first : undefined} type="radio" name={name} checked={mode === m.mode} onChange={() => setMode(m.mode)} /> {m.label}
          </label>
        ))}
      </fieldset>
      {preview.error !== null && <p role="alert" className="error">{preview.error}</p>}
      {source === null ? (
        <p className="muted">Listing what a prune would remove…</p>
      ) : (
        <>
          <p>
            Exactly these {count === 1 ? 'image' : `${count} images`} ({formatSize(total)}) will be deleted; an image that changes before you confirm is skipped, and
            none that appears meanwhile is touched.
          </p>
          <div className="prune-preview">
            <ResourceTable config={candidateTable} source={source} />
          </div>
        </>
      )}
    </FormDialog>
  );
}

/**
 * Prune with an exact preview: the dialog lists every image the prune would
 * remove now (name, size, age). Main holds that preview (a Cleanup preview of
 * one scope), and Delete names only the preview and its images: main removes
 * exactly those, skips any that changed since, and touches nothing that
 * appeared. Pinned or labelled images are never listed.
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { PROTECT_LABEL, type CleanupCandidate, type CleanupResult, type PreviewScope } from '#shared/cleanup';
import { FormDialog } from '../../components/FormDialog';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { fixedSource } from '../../table/source';

const MODES: readonly { mode: PreviewScope; label: string }[] = [
  { mode: 'danglingImages', label: 'Dangling images (untagged, used by no container)' },
  { mode: 'unusedImages', label: 'Every image no container uses, tagged or not' },
];

const candidateTable: TableConfig<CleanupCandidate> = {
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
      cell: (c) => <span title={shortId(c.id)}>{c.name}</span>,
      sortKey: (c) => c.name,
    },
    { id: 'size', header: 'Size', width: '6rem', cell: (c) => (c.size === null ? '—' : formatSize(c.size)), sortKey: (c) => c.size ?? -1, descendingFirst: true },
    { id: 'age', header: 'Created', width: '8rem', cell: (c) => <RelativeTime at={c.created} />, sortKey: (c) => c.created ?? 0, descendingFirst: true },
  ],
  filterText: (c) => `${c.name} ${shortId(c.id)}`,
};

export function PruneImagesDialog({ onClose, onPruned }: { onClose(): void; onPruned(result: CleanupResult): void }): ReactNode {
  const client = useClient();
  const [mode, setMode] = useState<PreviewScope>('danglingImages');
  const preview = useLoad(mode, () => client.call('cleanup.preview', { scope: mode }));
  const first = useRef<HTMLInputElement>(null);
  const name = useId();
  const current = preview.pending ? undefined : preview.value;
  const candidates = current?.candidates;
  const source = useMemo(() => (candidates === undefined ? null : fixedSource(candidates, (c) => c.id)), [candidates]);
  const total = (candidates ?? []).reduce((sum, c) => sum + (c.size ?? 0), 0);
  const count = candidates?.length ?? 0;
  const kept = current?.protected.length ?? 0;
  return (
    <FormDialog
      title="Prune images"
      submitLabel={count === 0 ? 'Delete' : `Delete ${count === 1 ? '1 image' : `${count} images`}`}
      danger
      initialFocus={first}
      onClose={onClose}
      onSubmit={async () => {
        if (current === undefined) throw new Error('The preview is not ready yet.');
        if (current.candidates.length === 0) throw new Error('Nothing to prune.');
        onPruned(
          await client.call('cleanup.delete', {
            previewId: current.previewId,
            items: current.candidates.map(({ kind, id }) => ({ kind, id })),
            confirmed: { name: current.previewId },
          }),
        );
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
            {kept > 0 && ` ${kept === 1 ? '1 protected image stays' : `${kept} protected images stay`} (pinned in Berth, or labelled ${PROTECT_LABEL}).`}
          </p>
          <div className="prune-preview">
            <ResourceTable config={candidateTable} source={source} />
          </div>
        </>
      )}
    </FormDialog>
  );
}

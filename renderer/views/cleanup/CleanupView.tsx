/**
 * The Cleanup page: what could go (stopped containers, dangling or unused
 * images, unused volumes and networks, build cache), each with its size,
 * age and Compose project, ticked where Docker's own prune would take it.
 * Delete asks first, naming what goes, and main removes exactly the ticked
 * items of this preview, skipping (and saying why) anything that changed
 * since. A pin keeps an object out of every cleanup.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { cleanupItemKey, PROTECT_LABEL, type CleanupCandidate, type CleanupKind, type CleanupPreview, type CleanupResult } from '#shared/cleanup';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { useEngineId } from '../../engines/scope';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';
import { fixedSource } from '../../table/source';
import { TickAllBox } from '../../components/TickAllBox';
import { useTicks } from './ticks';
import './cleanup.css';

const KIND_LABEL: Record<CleanupKind, { one: string; many: string }> = {
  container: { one: 'Container', many: 'containers' },
  image: { one: 'Image', many: 'images' },
  volume: { one: 'Volume', many: 'volumes' },
  network: { one: 'Network', many: 'networks' },
  buildCache: { one: 'Build cache', many: 'build cache records' },
};
/** Names the confirmation lists before it says "and N more". */
const LISTED_NAMES = 40;

function TickBox({ candidate }: { candidate: CleanupCandidate }): ReactNode {
  const key = cleanupItemKey(candidate);
  const ticked = useTicks((store) => store.selected.has(key));
  const toggle = useTicks((store) => store.toggle);
  return (
    <input
      type="checkbox"
      aria-label={`Delete ${KIND_LABEL[candidate.kind].one.toLowerCase()} ${candidate.name}`}
      checked={ticked}
      onChange={() => toggle(key)}
      tabIndex={-1}
    />
  );
}

function TickAllShown({ ids }: { ids: readonly string[] }): ReactNode {
  return <TickAllBox keys={ids} store={useTicks} label="Tick all shown" />;
}

function candidatesTable(protect: (candidate: CleanupCandidate) => void): TableConfig<CleanupCandidate> {
  return {
    label: 'Cleanup candidates',
    noun: 'candidates',
    nounOne: 'candidate',
    empty: 'Nothing to clean up.',
    initialSort: { column: 'kind', direction: 'ascending' },
    minWidth: '60rem',
    columns: [
      { id: 'tick', header: 'Delete', width: '2.5rem', cell: (c) => <TickBox candidate={c} />, headerCell: (ids) => <TickAllShown ids={ids} /> },
      { id: 'kind', header: 'Kind', width: '7.5rem', cell: (c) => KIND_LABEL[c.kind].one, sortKey: (c) => c.kind },
      { id: 'name', header: 'Name', width: 'minmax(12rem, 3fr)', cell: (c) => <span title={c.id}>{c.name}</span>, sortKey: (c) => c.name },
      { id: 'size', header: 'Size', width: '6.5rem', cell: (c) => (c.size === null ? '—' : formatSize(c.size)), sortKey: (c) => c.size ?? -1, descendingFirst: true },
      { id: 'created', header: 'Age', width: '8rem', cell: (c) => <RelativeTime at={c.created} />, sortKey: (c) => -(c.created ?? 0) },
      { id: 'project', header: 'Project', width: '8rem', cell: (c) => c.project ?? '—', sortKey: (c) => c.project ?? '' },
      { id: 'reason', header: 'Why', width: 'minmax(10rem, 2fr)', cell: (c) => c.reason },
      {
        id: 'actions',
        header: 'Actions',
        width: '6rem',
        cell: (c) => (
          <button type="button" className="action" aria-label={`Protect ${c.name}`} title="Pin it: no cleanup offers it again" onClick={() => protect(c)}>
            Protect
          </button>
        ),
      },
    ],
    filterText: (c) => [KIND_LABEL[c.kind].one, c.name, c.id, c.project ?? '', c.reason].join(' '),
    onRowKey: (c, key) => {
      if (key !== ' ') return false;
      useTicks.getState().toggle(cleanupItemKey(c));
      return true;
    },
  };
}

function countsByKind(items: readonly { kind: CleanupKind }[]): string {
  const counts = new Map<CleanupKind, number>();
  for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n === 1 ? `1 ${KIND_LABEL[kind].one.toLowerCase()}` : `${n} ${KIND_LABEL[kind].many}`)).join(', ');
}

function ConfirmDelete({ items, onConfirm, onCancel }: { items: readonly CleanupCandidate[]; onConfirm(): void; onCancel(): void }): ReactNode {
  const bytes = items.reduce((sum, c) => sum + (c.size ?? 0), 0);
  const what = items.length === 1 ? '1 item' : `${items.length} items`;
  return (
    <ConfirmDialog title={`Delete ${what}?`} confirmLabel={`Delete ${what}`} onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        {countsByKind(items)} will be deleted{bytes > 0 ? `, freeing about ${formatSize(bytes)}` : ''}.
        {items.some((c) => c.kind === 'volume') && ' The data in these volumes cannot be brought back.'} Anything that changed since this list was
        read stays, and the result says why.
      </p>
      <ul className="plain cleanup-names" aria-label="Items to delete">
        {items.slice(0, LISTED_NAMES).map((c) => (
          <li key={cleanupItemKey(c)}>
            {KIND_LABEL[c.kind].one} {c.name}
            {c.size !== null && <span className="muted"> ({formatSize(c.size)})</span>}
          </li>
        ))}
        {items.length > LISTED_NAMES && <li className="muted">and {items.length - LISTED_NAMES} more</li>}
      </ul>
    </ConfirmDialog>
  );
}

function ResultReport({ result }: { result: CleanupResult }): ReactNode {
  return (
    <section className="cleanup-result" aria-label="Cleanup result">
      <p role="status">
        Removed {result.removed.length === 1 ? '1 item' : `${result.removed.length} items`}
        {result.reclaimed > 0 ? `, freeing about ${formatSize(result.reclaimed)}` : ''}
        {result.skipped.length > 0 ? `; skipped ${result.skipped.length}.` : '.'}
      </p>
      {result.removed.length > 0 && (
        <ul className="plain cleanup-names" aria-label="Removed">
          {result.removed.slice(0, LISTED_NAMES).map((r) => (
            <li key={cleanupItemKey(r)}>
              {KIND_LABEL[r.kind].one} {r.name}
            </li>
          ))}
          {result.removed.length > LISTED_NAMES && <li className="muted">and {result.removed.length - LISTED_NAMES} more</li>}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <ul className="plain cleanup-names" aria-label="Skipped">
          {result.skipped.map((s) => (
            <li key={cleanupItemKey(s)}>
              {KIND_LABEL[s.kind].one} {s.name}: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ProtectedList({ preview, unprotect }: { preview: CleanupPreview; unprotect(kind: CleanupKind, id: string): void }): ReactNode {
  if (preview.protected.length === 0) return null;
  return (
    <section aria-labelledby="cleanup-protected" className="cleanup-protected">
      <h2 id="cleanup-protected">Protected</h2>
      <p className="muted">Never offered: pinned in Berth, or labelled {PROTECT_LABEL}=true.</p>
      <ul className="plain" aria-label="Protected items">
        {preview.protected.map((p) => (
          <li key={cleanupItemKey(p)}>
            {KIND_LABEL[p.kind].one} {p.name} <span className="muted">({p.by === 'pin' ? 'pinned in Berth' : `label ${PROTECT_LABEL}`})</span>{' '}
            {p.by === 'pin' && (
              <button type="button" className="action" aria-label={`Unprotect ${p.name}`} onClick={() => unprotect(p.kind, p.id)}>
                Unprotect
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CleanupView(): ReactNode {
  const client = useClient();
  const engine = useEngineId();
  const [namedVolumes, setNamedVolumes] = useState(false);
  const preview = useLoad(`${engine} ${namedVolumes}`, () => client.call('cleanup.preview', { namedVolumes }));
  const current = preview.pending ? undefined : preview.value;
  const reset = useTicks((store) => store.reset);
  const ticked = useTicks((store) => store.selected);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<CleanupResult | null>(null);
  const act = useAction();

  useEffect(() => {
    reset(current === undefined ? [] : current.candidates.filter((c) => c.ticked).map(cleanupItemKey));
  }, [current, reset]);

  const { reload } = preview;
  const { run } = act;
  const config = useMemo(
    () =>
      candidatesTable((candidate) => {
        void run(async () => {
          await client.call('cleanup.protect', { kind: candidate.kind, id: candidate.id, protect: true });
          reload();
        }, `Could not protect ${candidate.name}`);
      }),
    [client, reload, run],
  );
  const source = useMemo(() => (current === undefined ? null : fixedSource(current.candidates, cleanupItemKey)), [current]);
  const chosen = current === undefined ? [] : current.candidates.filter((c) => ticked.has(cleanupItemKey(c)));
  const chosenBytes = chosen.reduce((sum, c) => sum + (c.size ?? 0), 0);

  const remove = (): void => {
    setConfirming(false);
    if (current === undefined) return;
    void run(async () => {
      const done = await client.call('cleanup.delete', {
        previewId: current.previewId,
        items: chosen.map(({ kind, id }) => ({ kind, id })),
        confirmed: { name: current.previewId },
      });
      setResult(done);
      // The preview is used up: read the engine again.
      reload();
    }, 'Cleanup failed');
  };
  const unprotect = (kind: CleanupKind, id: string): void => {
    void run(async () => {
      await client.call('cleanup.protect', { kind, id, protect: false });
      reload();
    }, 'Could not take the pin away');
  };

  return (
    <section className="view cleanup" aria-labelledby="cleanup-heading">
      <h1 id="cleanup-heading">Cleanup</h1>
      <div className="toolbar" role="toolbar" aria-label="Cleanup">
        <button type="button" onClick={reload} disabled={preview.pending}>
          Look again
        </button>
        <label className="dialog-check">
          <input type="checkbox" checked={namedVolumes} onChange={(event) => setNamedVolumes(event.target.checked)} />
          Include named volumes
        </label>
        <button type="button" onClick={() => reset([])} disabled={chosen.length === 0}>
          Tick none
        </button>
        <button type="button" className="danger primary" disabled={chosen.length === 0 || act.pending || preview.pending} onClick={() => setConfirming(true)}>
          Delete ticked…
        </button>
        <span className="muted" aria-live="polite">
          {act.pending
            ? 'Working: each item is re-read, then deleted…'
            : preview.pending
            ? 'Reading the engine’s disk usage…'
            : current === undefined
              ? ''
              : `${chosen.length} of ${current.candidates.length} ticked${chosenBytes > 0 ? `, about ${formatSize(chosenBytes)}` : ''}`}
        </span>
      </div>
      {(act.error ?? preview.error) && (
        <p role="alert" className="error">
          {act.error ?? preview.error}
        </p>
      )}
      {result && <ResultReport result={result} />}
      {preview.pending && current === undefined && (
        <p className="muted" role="progressbar" aria-label="Reading the engine’s disk usage">
          Reading the engine’s disk usage (this can take a few seconds on a big engine)…
        </p>
      )}
      {source && <ResourceTable config={config} source={source} />}
      {current && <ProtectedList preview={current} unprotect={unprotect} />}
      {confirming && <ConfirmDelete items={chosen} onConfirm={remove} onCancel={() => setConfirming(false)} />}
    </section>
  );
}

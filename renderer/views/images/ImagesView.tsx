/**
 * The Images page: a row per tag (untagged images by id), with size, shared
 * size, age, the containers that use each (from the container state the page
 * has) and dangling or unused marked; tick rows to remove them together;
 * load an image from a tar; prune with an exact preview.
 */
import { useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import type { CleanupResult } from '#shared/cleanup';
import { LoadResultSchema } from '#shared/images';
import type { Image } from '#shared/model';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { objectKey } from '../../engines/keys';
import { useEngineId } from '../../engines/scope';
import { shortId } from '../../format/ids';
import { imageTags } from '../../format/images';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { href, paths } from '../../routes';
import type { KindTable } from '../../table/kindTable';
import { kindWords, type RowSource } from '../../table/source';
import { ImageJobButtons } from '../activity/ImageJobButtons';
import { RunImageButton } from '../run/RunButtons';
import { imageRowSource, isDangling, isUnused, type ImageRow } from './imageRows';
import { PruneImagesDialog } from './PruneImagesDialog';
import { sharedSizeOf, useSharedSizes } from './sharedSizes';
import { RemoveImagesDialog } from './RemoveImagesDialog';
import './images.css';
import { TickAllBox } from '../../components/TickAllBox';
import { createTickSet } from '../../store/tickSet';

/** The Images rows ticked for a bulk removal, by engine and row key (engines/keys.ts); rows since gone are ignored by readers. */
const useImageSelection = createTickSet();

/** The Images table of "All engines": one row per image. */
export const imageTable: KindTable<Image> = {
  // Newest first, as `docker images` lists them.
  initialSort: { column: 'created', direction: 'descending' },
  columns: [
    {
      id: 'tags',
      header: 'Repository:Tag',
      width: 'minmax(12rem, 3fr)',
      cell: (i) => <ImageLink id={i.id} text={imageTags(i)} />,
      sortKey: (i) => i.tags[0] ?? '',
    },
    {
      id: 'id',
      header: 'ID',
      width: '9rem',
      cell: (i) => <code title={i.id}>{shortId(i.id)}</code>,
      sortKey: (i) => i.id,
    },
    { id: 'size', header: 'Size', width: '7rem', cell: (i) => formatSize(i.size), sortKey: (i) => i.size },
    {
      id: 'created',
      header: 'Created',
      width: '9rem',
      cell: (i) => <RelativeTime at={i.created} />,
      sortKey: (i) => i.created,
      descendingFirst: true,
    },
    { id: 'actions', header: 'Actions', width: '6rem', cell: (i) => <RunImageButton image={i} /> },
  ],
  filterText: (i) => [imageTags(i), shortId(i.id)].join(' '),
  onOpen: (client, i) => navigate(paths.image(client.engine, i.id)),
};

function ImageLink({ id, text }: { id: string; text: string }): ReactNode {
  return (
    <a href={href(paths.image(useEngineId(), id))} title={text}>
      {text}
    </a>
  );
}

function SelectRow({ row }: { row: ImageRow }): ReactNode {
  const key = objectKey(useEngineId(), row.key);
  const selected = useImageSelection((store) => store.selected.has(key));
  const toggle = useImageSelection((store) => store.toggle);
  return <input type="checkbox" aria-label={`Select ${row.tag ?? shortId(row.image.id)}`} checked={selected} onChange={() => toggle(key)} tabIndex={-1} />;
}

function SelectAllShown({ ids }: { ids: readonly string[] }): ReactNode {
  const engine = useEngineId();
  const keys = useMemo(() => ids.map((id) => objectKey(engine, id)), [engine, ids]);
  return <TickAllBox keys={keys} store={useImageSelection} label="Select all shown" />;
}

function UsedBy({ row }: { row: ImageRow }): ReactNode {
  const engine = useEngineId();
  if (row.users.length === 0) return <span className="muted">—</span>;
  const names = row.users.map((c) => c.name).join(', ');
  return (
    <span title={names}>
      {row.users.slice(0, 2).map((c, index) => (
        <span key={c.id}>
          {index > 0 && ', '}
          <a href={href(paths.container(engine, c.id))}>{c.name}</a>
        </span>
      ))}
      {row.users.length > 2 && ` +${row.users.length - 2}`}
    </span>
  );
}

function SharedSize({ image }: { image: Image }): ReactNode {
  const engine = useEngineId();
  const computed = useSharedSizes((store) => store.byEngine.get(engine));
  const size = sharedSizeOf(image, computed);
  if (size === undefined) return <span className="muted" title="The engine’s list does not say before API 1.42: use Compute shared sizes">—</span>;
  return <span title={image.sharedSize === undefined && computed ? `Computed ${new Date(computed.at).toLocaleTimeString()}` : undefined}>{formatSize(size)}</span>;
}

/** Fills the Shared column from the engine's disk usage, once, when the user asks (sharedSizes.ts says why). */
function ComputeSharedSizesButton({ onDone }: { onDone(text: string): void }): ReactNode {
  const client = useClient();
  const keep = useSharedSizes((store) => store.keep);
  const compute = useAction();
  return (
    <>
      <button
        type="button"
        disabled={compute.pending}
        onClick={async () => {
          const outcome = await compute.run(() => client.call('system.df', {}), 'Could not compute shared sizes');
          if (!outcome.ok) return;
          keep(client.engine, outcome.value, Date.now());
          onDone(`Shared sizes computed from the engine’s disk usage (${outcome.value.images.count} images, ${outcome.value.tookMs} ms).`);
        }}
      >
        {compute.pending ? 'Computing shared sizes…' : 'Compute shared sizes'}
      </button>
      {compute.error !== null && (
        <p role="alert" className="error">
          {compute.error}
        </p>
      )}
    </>
  );
}

function Marks({ row }: { row: ImageRow }): ReactNode {
  return (
    <span className="image-marks">
      {isDangling(row) && <span className="image-mark">dangling</span>}
      {isUnused(row) && <span className="image-mark">unused</span>}
    </span>
  );
}

function RemoveRowButton({ row }: { row: ImageRow }): ReactNode {
  const [open, setOpen] = useState(false);
  const ref = row.tag ?? shortId(row.image.id);
  return (
    <>
      <button type="button" className="action danger" aria-label={`Remove ${ref}`} onClick={() => setOpen(true)}>
        Remove
      </button>
      {open && <RemoveImagesDialog rows={[row]} onClose={() => setOpen(false)} />}
    </>
  );
}

const words = kindWords('image');

const rowTable: TableConfig<ImageRow> = {
  ...words,
  initialSort: { column: 'created', direction: 'descending' },
  minWidth: '64rem',
  columns: [
    { id: 'select', header: 'Select', width: '3.5rem', headerCell: (shown) => <SelectAllShown ids={shown} />, cell: (row) => <SelectRow row={row} /> },
    {
      id: 'tag',
      header: 'Repository:Tag',
      width: 'minmax(12rem, 3fr)',
      cell: (row) => <ImageLink id={row.image.id} text={row.tag ?? '<none>:<none>'} />,
      sortKey: (row) => row.tag ?? '',
    },
    { id: 'id', header: 'ID', width: '8rem', cell: (row) => <code title={row.image.id}>{shortId(row.image.id)}</code>, sortKey: (row) => row.image.id },
    { id: 'size', header: 'Size', width: '6rem', cell: (row) => formatSize(row.image.size), sortKey: (row) => row.image.size, descendingFirst: true },
    {
      id: 'shared',
      header: 'Shared',
      width: '6rem',
      cell: (row) => <SharedSize image={row.image} />,
      // Its sortKey is ImagesView's: it sorts by the sizes computed for that page's engine.
      descendingFirst: true,
    },
    { id: 'created', header: 'Created', width: '8rem', cell: (row) => <RelativeTime at={row.image.created} />, sortKey: (row) => row.image.created, descendingFirst: true },
    { id: 'users', header: 'Used by', width: 'minmax(8rem, 2fr)', cell: (row) => <UsedBy row={row} />, sortKey: (row) => row.users.length, descendingFirst: true },
    { id: 'marks', header: 'Marks', width: '9rem', cell: (row) => <Marks row={row} />, sortKey: (row) => (isDangling(row) ? 2 : isUnused(row) ? 1 : 0) },
    {
      id: 'actions',
      header: 'Actions',
      width: '9rem',
      cell: (row) => (
        <span className="actions">
          <RunImageButton image={row.image} />
          <RemoveRowButton row={row} />
        </span>
      ),
    },
  ],
  filterText: (row) =>
    [row.tag ?? '<none>', shortId(row.image.id), ...row.users.map((c) => c.name), isDangling(row) ? 'dangling' : '', isUnused(row) ? 'unused' : ''].join(' '),
};

/** The ticked rows of this engine that are still shown. */
function useSelectedRows(source: RowSource<ImageRow>): ImageRow[] {
  const engine = useEngineId();
  const selected = useImageSelection((store) => store.selected);
  const prefix = objectKey(engine, '');
  // The keys still shown, as one string: the page re-renders when they change, not on every engine event.
  const present = useSyncExternalStore(source.subscribe, () =>
    [...selected].flatMap((key) => (key.startsWith(prefix) && source.rows().byId.get(key.slice(prefix.length)) ? [key.slice(prefix.length)] : [])).join('\n'),
  );
  return useMemo(() => present.split('\n').flatMap((key) => source.rows().byId.get(key) ?? []), [present, source]);
}

function pruneNotice(result: CleanupResult): string {
  const removed = `Removed ${result.removed.length === 1 ? '1 image' : `${result.removed.length} images`} (${formatSize(result.reclaimed)}).`;
  if (result.skipped.length === 0) return removed;
  return `${removed} Skipped ${result.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}.`;
}

function LoadImageButton({ onLoaded }: { onLoaded(text: string): void }): ReactNode {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const load = useAction();
  const upload = async (file: File): Promise<void> => {
    const outcome = await load.run(async () => {
      const { url } = await client.call('image.load', {});
      // The one-time address is the upload's only credential: nothing the browser keeps goes with it.
      const response = await fetch(url, { method: 'POST', body: file, credentials: 'omit' });
      const body: unknown = await response.json();
      if (!response.ok) throw new Error((body as { error?: string }).error ?? `The upload failed (${response.status})`);
      return LoadResultSchema.parse(body).loaded;
    }, 'Load failed');
    if (outcome.ok) onLoaded(`Loaded ${outcome.value.join(', ') || 'nothing'} from ${file.name}.`);
  };
  return (
    <>
      <button type="button" disabled={load.pending} onClick={() => input.current?.click()}>
        {load.pending ? 'Loading…' : 'Load from file…'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".tar,application/x-tar"
        aria-label="Image file to load"
        className="visually-hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void upload(file);
        }}
      />
      {load.error !== null && (
        <p role="alert" className="error">
          {load.error}
        </p>
      )}
    </>
  );
}

export function ImagesView(): ReactNode {
  const engine = useEngineId();
  const source = useMemo(() => imageRowSource(engine), [engine]);
  const config = useMemo<TableConfig<ImageRow>>(
    () => ({
      ...rowTable,
      columns: rowTable.columns.map((column) =>
        column.id === 'shared' ? { ...column, sortKey: (row: ImageRow) => sharedSizeOf(row.image, useSharedSizes.getState().byEngine.get(engine)) ?? -1 } : column,
      ),
      onOpen: (row) => navigate(paths.image(engine, row.image.id)),
      onRowKey: (row, key) => {
        if (key !== ' ') return false;
        useImageSelection.getState().toggle(objectKey(engine, row.key));
        return true;
      },
    }),
    [engine],
  );
  const selected = useSelectedRows(source);
  const setMany = useImageSelection((store) => store.setMany);
  const [removing, setRemoving] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="view" aria-labelledby="images-heading">
      <div className="view-head">
        <h1 id="images-heading">Images</h1>
        <ImageJobButtons />
        <LoadImageButton onLoaded={setNotice} />
        <ComputeSharedSizesButton onDone={setNotice} />
        <button type="button" onClick={() => setPruning(true)}>
          Prune…
        </button>
      </div>
      {notice !== null && (
        <p role="status" className="image-notice">
          {notice}{' '}
          <button type="button" className="action" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      )}
      {selected.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected images">
          <span>{selected.length === 1 ? '1 image selected' : `${selected.length} images selected`}</span>
          <button type="button" className="action danger" onClick={() => setRemoving(true)}>
            Remove selected…
          </button>
          <button type="button" className="action" onClick={() => setMany(selected.map((row) => objectKey(engine, row.key)), false)}>
            Clear selection
          </button>
        </div>
      )}
      <ResourceTable config={config} source={source} />
      {removing && (
        <RemoveImagesDialog
          rows={selected}
          onClose={() => setRemoving(false)}
          onRemoved={(keys) => setMany(keys.map((key) => objectKey(engine, key)), false)}
        />
      )}
      {pruning && (
        <PruneImagesDialog
          onClose={() => setPruning(false)}
          onPruned={(result) => setNotice(pruneNotice(result))}
        />
      )}
    </section>
  );
}


/**
 * The Images page: a row per tag (untagged images by id), with size, shared
 * size, age, the containers that use each (from the container state the page
 * has) and dangling or unused marked; tick rows to remove them together;
 * load an image from a tar; prune with an exact preview.
 */
import { useContext, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import type { CleanupResult } from '#shared/cleanup';
import { LoadResultSchema } from '#shared/images';
import type { Image } from '#shared/model';
import { RelativeTime } from '../../components/LiveTime';
import { ResourceTable } from '../../components/ResourceTable';
import { TickAllBox } from '../../components/TickAllBox';
import { objectKey, splitKey } from '../../engines/keys';
import { EngineScope, useEngineId, useKeysInScope } from '../../engines/scope';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { uploadFile } from '../../transport/upload';
import { useAction } from '../../hooks/useRequest';
import { href, paths } from '../../routes';
import { useEnginesStore } from '../../store/engineStore';
import { createTickSet } from '../../store/tickSet';
import { engineTable, useTableRows, type KindTable } from '../../table/kindTable';
import { ImageJobButtons } from '../activity/ImageJobButtons';
import { RunImageButton } from '../run/RunButtons';
import { imageRowSource, isDangling, isUnused, type ImageRow } from './imageRows';
import { PruneImagesDialog } from './PruneImagesDialog';
import { RemoveImagesDialog } from './RemoveImagesDialog';
import { sharedSizeOf, useSharedSizes } from './sharedSizes';
import './images.css';

/** The Images rows ticked for a bulk removal, by engine and row key (engines/keys.ts); rows since gone are ignored by readers. */
const useImageSelection = createTickSet();

function ImageLink({ id, text }: { id: string; text: string }): ReactNode {
  return (
    <a href={href(paths.image(useEngineId(), id))} title={text}>
      {text}
    </a>
  );
}

function SelectRow({ row }: { row: ImageRow }): ReactNode {
  const key = objectKey(row.engine, row.key);
  const selected = useImageSelection((store) => store.selected.has(key));
  const toggle = useImageSelection((store) => store.toggle);
  return <input type="checkbox" aria-label={`Select ${row.tag ?? shortId(row.image.id)}`} checked={selected} onChange={() => toggle(key)} tabIndex={-1} />;
}

function SelectAllShown({ ids }: { ids: readonly string[] }): ReactNode {
  return <TickAllBox keys={useKeysInScope(ids)} store={useImageSelection} label="Select all shown" />;
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

/** A ticked row by its key, while it is still listed and in scope (null: any engine's). */
function tickedRow(scope: string | null, key: string): ImageRow | undefined {
  const { engine, id } = splitKey(key);
  return scope !== null && engine !== scope ? undefined : imageRowSource(engine).rows().byId.get(id);
}

/**
 * The ticked rows still shown: the engine in scope's on its own page, every
 * engine's in "All engines" (no scope), in the order ticked.
 */
function useSelectedRows(): ImageRow[] {
  const scope = useContext(EngineScope);
  const selected = useImageSelection((store) => store.selected);
  // The keys still shown, as one string: the bar re-renders when they change, not on every engine event.
  const present = useSyncExternalStore(useEnginesStore.subscribe, () => [...selected].filter((key) => tickedRow(scope, key) !== undefined).join('\n'));
  return useMemo(() => (present === '' ? [] : present.split('\n').flatMap((key) => tickedRow(scope, key) ?? [])), [present, scope]);
}

/** What the Images list shows above its table: the bar of the ticked rows, each removal going to its row's engine. */
function ImageListBar(): ReactNode {
  const selected = useSelectedRows();
  const setMany = useImageSelection((store) => store.setMany);
  const [removing, setRemoving] = useState(false);
  const keys = selected.map((row) => objectKey(row.engine, row.key));
  return (
    <>
      {selected.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected images">
          <span>{selected.length === 1 ? '1 image selected' : `${selected.length} images selected`}</span>
          <button type="button" className="action danger" onClick={() => setRemoving(true)}>
            Remove selected…
          </button>
          <button type="button" className="action" onClick={() => setMany(keys, false)}>
            Clear selection
          </button>
        </div>
      )}
      {removing && <RemoveImagesDialog rows={selected} onClose={() => setRemoving(false)} onRemoved={(removed) => setMany(removed, false)} />}
    </>
  );
}

/** The Images table, for one engine's page and for "All engines": a row per tag. */
export const imageTable: KindTable<ImageRow> = {
  rows: imageRowSource,
  initialSort: { column: 'created', direction: 'descending' },
  minWidth: '64rem',
  columns: [
    { id: 'select', header: 'Select', width: '3.5rem', headerCell: (shown) => <SelectAllShown ids={shown} />, cell: (row) => <SelectRow row={row} /> },
    {
      // What names the row, so "All engines" puts its Engine column after it.
      id: 'name',
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
      // Unknown sizes last; sorting again after Compute shared sizes takes the new figures in.
      sortKey: (row) => sharedSizeOf(row.image, useSharedSizes.getState().byEngine.get(row.engine)) ?? -1,
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
          <RunImageButton image={row.image} tag={row.tag} />
          <RemoveRowButton row={row} />
        </span>
      ),
    },
  ],
  filterText: (row) =>
    [row.tag ?? '<none>', shortId(row.image.id), ...row.users.map((c) => c.name), isDangling(row) ? 'dangling' : '', isUnused(row) ? 'unused' : ''].join(' '),
  onOpen: (client, row) => navigate(paths.image(client.engine, row.image.id)),
  onRowKey: (client, row, key) => {
    if (key !== ' ') return false;
    useImageSelection.getState().toggle(objectKey(client.engine, row.key));
    return true;
  },
  Toolbar: ImageListBar,
};

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
      const answer = await uploadFile(url, file);
      const body: unknown = JSON.parse(answer.text);
      if (!answer.ok) throw new Error((body as { error?: string }).error ?? `The upload failed (${answer.status})`);
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
  const client = useClient();
  const config = useMemo(() => engineTable('image', imageTable, client), [client]);
  const source = useTableRows(imageTable);
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
      <ImageListBar />
      <ResourceTable config={config} source={source} />
      {pruning && (
        <PruneImagesDialog
          onClose={() => setPruning(false)}
          onPruned={(result) => setNotice(pruneNotice(result))}
        />
      )}
    </section>
  );
}

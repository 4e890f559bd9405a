/**
 * A file browser: folders, with size, mode, owner and modified time,
 * download of a file or folder (a tar, streamed from the engine to the
 * browser's own download) and, where the place allows it, upload into the
 * folder shown, asking first when a file of that name is there already (main
 * refuses to replace one the confirmation did not name). Bytes go over
 * one-time addresses main hands out. A folder
 * can hold 20,000 entries: they sit in the same virtualised table as every
 * other list, with its filter, sorting and keys. The container's Files tab
 * (any container, running or stopped) and a volume's page (read-only, through
 * main's helper container) are two places it browses.
 */
import { useCallback, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { joinPath, modeString, parentPath, type FileEntry, type FolderListing } from '#shared/files';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';
import { absoluteTime } from '../../format/time';
import { fixedSource } from '../../table/source';
import { startDownload } from '../../transport/download';
import { uploadFile } from '../../transport/upload';
import './files.css';

function size(entry: FileEntry): string {
  if (entry.type === 'directory' || entry.size === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = entry.size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function filesTable(folder: string, go: (path: string) => void, download: (path: string) => void): TableConfig<FileEntry> {
  const opens = (entry: FileEntry) => entry.type === 'directory' || entry.type === 'symlink';
  return {
    label: `Files in ${folder}`,
    noun: 'files',
    nounOne: 'file',
    empty: 'This folder is empty.',
    initialSort: { column: 'name', direction: 'ascending' },
    minWidth: '44rem',
    columns: [
      {
        id: 'name',
        header: 'Name',
        width: 'minmax(12rem, 3fr)',
        sortKey: (entry) => entry.name,
        cell: (entry) => (
          <>
            {opens(entry) ? (
              <button
                type="button"
                className="link"
                onClick={() => go(joinPath(folder, entry.name))}
                title={entry.type === 'symlink' ? `→ ${entry.linkTarget ?? ''}` : undefined}
              >
                {entry.name}
                {entry.type === 'directory' ? '/' : ''}
              </button>
            ) : (
              entry.name
            )}
            {entry.type === 'symlink' && <span className="muted"> → {entry.linkTarget}</span>}
          </>
        ),
      },
      { id: 'size', header: 'Size', width: '6rem', cell: size, sortKey: (entry) => (entry.type === 'directory' ? -1 : (entry.size ?? -1)) },
      { id: 'mode', header: 'Mode', width: '7rem', cell: (entry) => <code>{modeString(entry.type, entry.mode)}</code> },
      { id: 'owner', header: 'Owner', width: '7rem', cell: (entry) => `${entry.owner}:${entry.group}`, sortKey: (entry) => `${entry.owner}:${entry.group}` },
      {
        id: 'modified',
        header: 'Modified',
        width: '11rem',
        cell: (entry) => (entry.modified === null ? '—' : absoluteTime(entry.modified)),
        sortKey: (entry) => entry.modified ?? 0,
        descendingFirst: true,
      },
      {
        id: 'actions',
        header: 'Actions',
        width: '6.5rem',
        cell: (entry) => (
          <button type="button" className="action" aria-label={`Download ${entry.name}`} onClick={() => download(joinPath(folder, entry.name))}>
            Download
          </button>
        ),
      },
    ],
    filterText: (entry) => entry.name,
    // Enter opens a folder (or where a link points); on a file it downloads it.
    onOpen: (entry) => (opens(entry) ? go(joinPath(folder, entry.name)) : download(joinPath(folder, entry.name))),
  };
}

/** What a browser browses: a container, a volume. */
export interface FilePlace {
  /** Names the place: another one starts afresh. */
  readonly key: string;
  list(path: string): Promise<FolderListing>;
  download(path: string): Promise<{ url: string; name: string }>;
  /** One one-time address per file for uploads into `path`, replacing the files at `replace`; absent, the place is read-only. */
  upload?(path: string, names: string[], replace: string[]): Promise<{ urls: string[] }>;
}

/** The container's Files tab. */
export function FilesView({ containerId }: { containerId: string }): ReactNode {
  const client = useClient();
  const place = useMemo<FilePlace>(
    () => ({
      key: containerId,
      list: (path) => client.call('files.list', { id: containerId, path }),
      download: (path) => client.call('files.download', { id: containerId, path }),
      upload: (path, names, replace) => client.call('files.upload', { id: containerId, path, names, replace }),
    }),
    [client, containerId],
  );
  return <FileBrowser place={place} />;
}

export function FileBrowser({ place }: { place: FilePlace }): ReactNode {
  const [path, setPath] = useState('/');
  const [typed, setTyped] = useState('/');
  const folder = useLoad(JSON.stringify([place.key, path]), () => place.list(path));
  const listing = folder.value ?? null;
  // A download or upload: its failure shows until the next one, a refresh or another folder.
  const transfer = useAction();
  const { clearError } = transfer;
  const error = transfer.error ?? folder.error;
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  /** Files chosen for an upload that would replace some already there: what the confirmation asks about. */
  const [replacing, setReplacing] = useState<{ files: File[]; paths: string[] } | null>(null);

  const go = useCallback(
    (next: string) => {
      setPath(next);
      setTyped(next);
      setNotice(null);
      clearError();
    },
    [clearError],
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const next = typed.trim() || '/';
    go(next.startsWith('/') ? next : `/${next}`);
  };

  const { run } = transfer;
  const download = useCallback(
    async (target: string): Promise<void> => {
      setNotice(null);
      const outcome = await run(() => place.download(target));
      if (outcome.ok) startDownload(outcome.value.url, outcome.value.name);
    },
    [place, run],
  );
  const shown = listing?.path ?? null;
  const config = useMemo(() => (shown === null ? null : filesTable(shown, go, (target) => void download(target))), [shown, go, download]);
  const source = useMemo(() => (listing === null ? null : fixedSource(listing.entries, (entry) => entry.name)), [listing]);

  const { upload: uploadTo } = place;
  const upload = async (files: File[], replace: string[]): Promise<void> => {
    if (files.length === 0 || uploadTo === undefined) return;
    setNotice(`Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`);
    const outcome = await transfer.run(async () => {
      const { urls } = await uploadTo(path, files.map((f) => f.name), replace);
      for (const [index, file] of files.entries()) {
        const url = urls[index];
        if (url === undefined) break;
        const answer = await uploadFile(url, file);
        if (!answer.ok) throw new Error(`${file.name}: ${answer.text.trim()}`);
      }
    }, 'Upload failed');
    if (!outcome.ok) {
      setNotice(null);
      return;
    }
    setNotice(`Uploaded ${files.map((f) => f.name).join(', ')} to ${path}.`);
    folder.reload();
  };
  /** Asks first when the folder, as last listed, has a file of a chosen name; main checks again, and refuses what the answer did not name. */
  const choose = (files: File[]): void => {
    const there = new Set(listing?.path === path ? listing.entries.map((e) => e.name) : []);
    const paths = files.filter((f) => there.has(f.name)).map((f) => joinPath(path, f.name));
    if (paths.length === 0) void upload(files, []);
    else setReplacing({ files, paths });
  };

  const loading = folder.pending;
  const crumbs = path.split('/').filter(Boolean);
  return (
    <div className="files-view">
      <form className="files-bar" onSubmit={submit}>
        <button type="button" onClick={() => go(parentPath(path))} disabled={path === '/'}>
          Up
        </button>
        <label>
          Path <input value={typed} onChange={(e) => setTyped(e.target.value)} size={40} spellCheck={false} />
        </label>
        <button type="submit">Go</button>
        <button
          type="button"
          onClick={() => {
            clearError();
            folder.reload();
          }}
        >
          Refresh
        </button>
        <button type="button" onClick={() => void download(path)}>
          Download this folder
        </button>
        {uploadTo !== undefined && (
          <>
            <button type="button" onClick={() => fileInput.current?.click()}>
              Upload files…
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              aria-label="Files to upload"
              onChange={(e) => {
                const chosen = [...(e.target.files ?? [])];
                e.target.value = '';
                choose(chosen);
              }}
            />
          </>
        )}
      </form>
      <nav aria-label="Folder path" className="files-crumbs">
        <button type="button" className="link" onClick={() => go('/')}>
          /
        </button>
        {crumbs.map((name, index) => {
          const to = '/' + crumbs.slice(0, index + 1).join('/');
          return (
            <span key={to}>
              <button type="button" className="link" onClick={() => go(to)}>
                {name}
              </button>
              {index < crumbs.length - 1 ? ' / ' : ''}
            </span>
          );
        })}
      </nav>
      {notice !== null && <p role="status">{notice}</p>}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {listing?.truncated && <p className="warn">{listing.truncated}</p>}
      {loading && <p className="muted">Reading {path}…</p>}
      {config !== null && source !== null && (
        // Keyed by folder: another folder starts with its own filter and scroll.
        <ResourceTable key={shown} config={config} source={source} />
      )}
      {replacing !== null && (
        <ConfirmDialog
          title={replacing.paths.length === 1 ? 'Replace 1 file?' : `Replace ${replacing.paths.length} files?`}
          confirmLabel={replacing.paths.length === 1 ? 'Replace it' : 'Replace them'}
          onCancel={() => setReplacing(null)}
          onConfirm={() => {
            setReplacing(null);
            void upload(replacing.files, replacing.paths);
          }}
        >
          <p>The upload would overwrite what is there now, which cannot be brought back:</p>
          <ul className="plain" aria-label="Files to replace">
            {replacing.paths.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </div>
  );
}

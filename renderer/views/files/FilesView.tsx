/**
 * The container's Files tab: browse its folders (running or stopped), see
 * size, mode, owner and modified time, download a file or folder (a tar,
 * streamed from the engine to the browser's own download), and upload files
 * into the folder shown. Bytes go over one-time addresses main hands out.
 */
import { useCallback, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { joinPath, modeString, parentPath, type FileEntry } from '#shared/files';
import { useClient } from '../../hooks/useClient';
import { useAction, useLoad } from '../../hooks/useRequest';
import { absoluteTime } from '../../format/time';
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

function startDownload(url: string, name: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

export function FilesView({ containerId }: { containerId: string }): ReactNode {
  const client = useClient();
  const [path, setPath] = useState('/');
  const [typed, setTyped] = useState('/');
  const folder = useLoad(JSON.stringify([containerId, path]), () => client.call('files.list', { id: containerId, path }));
  const listing = folder.value ?? null;
  // A download or upload: its failure shows until the next one, a refresh or another folder.
  const transfer = useAction();
  const { clearError } = transfer;
  const error = transfer.error ?? folder.error;
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

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

  const download = async (target: string): Promise<void> => {
    setNotice(null);
    const outcome = await transfer.run(() => client.call('files.download', { id: containerId, path: target }));
    if (outcome.ok) startDownload(outcome.value.url, outcome.value.name);
  };

  const upload = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    setNotice(`Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`);
    const outcome = await transfer.run(async () => {
      const { urls } = await client.call('files.upload', { id: containerId, path, names: files.map((f) => f.name) });
      for (const [index, file] of files.entries()) {
        const url = urls[index];
        if (url === undefined) break;
        // The one-time address is the upload's only credential: nothing the browser keeps goes with it.
        const response = await fetch(url, { method: 'POST', body: file, credentials: 'omit' });
        if (!response.ok) throw new Error(`${file.name}: ${(await response.text()).trim()}`);
      }
    }, 'Upload failed');
    if (!outcome.ok) {
      setNotice(null);
      return;
    }
    setNotice(`Uploaded ${files.map((f) => f.name).join(', ')} to ${path}.`);
    folder.reload();
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
            void upload(chosen);
          }}
        />
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
      {listing !== null && (
        <table className="files-table" aria-label={`Files in ${listing.path}`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Mode</th>
              <th scope="col">Owner</th>
              <th scope="col">Modified</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.entries.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  This folder is empty.
                </td>
              </tr>
            )}
            {listing.entries.map((entry) => {
              const full = joinPath(listing.path, entry.name);
              return (
                <tr key={entry.name}>
                  <td>
                    {entry.type === 'directory' || entry.type === 'symlink' ? (
                      <button type="button" className="link" onClick={() => go(full)} title={entry.type === 'symlink' ? `→ ${entry.linkTarget ?? ''}` : undefined}>
                        {entry.name}
                        {entry.type === 'directory' ? '/' : ''}
                      </button>
                    ) : (
                      entry.name
                    )}
                    {entry.type === 'symlink' && <span className="muted"> → {entry.linkTarget}</span>}
                  </td>
                  <td className="num">{size(entry)}</td>
                  <td>
                    <code>{modeString(entry.type, entry.mode)}</code>
                  </td>
                  <td>
                    {entry.owner}:{entry.group}
                  </td>
                  <td>{entry.modified === null ? '—' : absoluteTime(entry.modified)}</td>
                  <td>
                    <button type="button" className="action" aria-label={`Download ${entry.name}`} onClick={() => void download(full)}>
                      Download
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

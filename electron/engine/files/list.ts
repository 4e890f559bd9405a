/**
 * Lists one folder of a container through the engine's archive API, which
 * works on stopped containers too. The engine has no "list a folder" call:
 * it sends the whole tree under the path as a tar. We stream it through
 * tar-stream, skip every body unread, keep only direct children, and stop
 * (cancelling the engine's request) when a time or size budget runs out, so
 * a huge folder gives a partial listing that says so rather than a hang.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Header } from 'tar-stream';
import { loadTar } from './tar';
import type { FileEntry, FolderListing } from '#shared/files';
import { RemoteError } from '#shared/protocol';
import { toRemoteError } from '../errors';

export interface ListBudget {
  ms: number;
  bytes: number;
  entries: number;
}
export const DEFAULT_BUDGET: ListBudget = { ms: 5_000, bytes: 2 * 2 ** 30, entries: 20_000 };

/** The direct child a tar entry of `<folder>/.` names, or null for the folder itself and anything deeper. */
export function childName(entryName: string): string | null {
  const rest = entryName.replace(/^\.?\//, '').replace(/^\.\//, '').replace(/\/$/, '');
  if (rest === '' || rest === '.' || rest.includes('/')) return null;
  return rest;
}

function entryFrom(name: string, header: Header): FileEntry {
  const type = header.type === 'directory' ? 'directory' : header.type === 'symlink' ? 'symlink' : header.type === 'file' || header.type === 'link' || header.type === 'contiguous-file' ? 'file' : 'other';
  return {
    name,
    type,
    size: header.type === 'link' ? null : (header.size ?? 0),
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    owner: header.uname || String(header.uid ?? ''),
    group: header.gname || String(header.gid ?? ''),
    modified: header.mtime ? header.mtime.getTime() : null,
    linkTarget: header.linkname ?? null,
  };
}

export function listError(path: string, error: unknown): RemoteError {
  const status = (error as { statusCode?: number }).statusCode;
  const text = String((error as { json?: { message?: string } }).json?.message ?? (error as Error).message ?? error);
  if (status === 404 && /could not find the file|^\(HTTP code 404\) no such container -\s*$/i.test(text)) {
    return new RemoteError({ code: 'not-found', message: `There is no file or folder ${path} in this container.` });
  }
  if (/not a directory/i.test(text)) return new RemoteError({ code: 'bad-request', message: `${path} is a file, not a folder.` });
  if (/permission denied/i.test(text)) return new RemoteError({ code: 'engine', message: `Permission denied reading ${path}: ${text}` });
  return toRemoteError(`Could not read ${path}`, error);
}

/** What a listing says when the engine's archive breaks off: the listing would otherwise look whole and be wrong. */
export function brokenArchive(path: string, error: unknown): RemoteError {
  const why = error instanceof Error ? error.message : String(error);
  const detail = /^Unexpected end of data$/.test(why) ? 'it ended in the middle of an entry' : why;
  return new RemoteError({ code: 'engine', message: `The engine's archive of ${path} broke off before its end (${detail}): the listing is incomplete. Try again.` });
}

export async function listFolder(docker: Docker, id: string, path: string, budget: ListBudget = DEFAULT_BUDGET): Promise<FolderListing> {
  const abort = new AbortController();
  let stream: Readable;
  try {
    // "<path>/." asks for the folder's contents (following a symlinked folder), named "./child…".
    stream = (await docker.getContainer(id).getArchive({ path: path.replace(/\/+$/, '') + '/.', abortSignal: abort.signal })) as unknown as Readable;
  } catch (error) {
    throw listError(path, error);
  }
  return listArchive(stream, path, budget, () => abort.abort());
}

/**
 * Lists the direct children from the tar `stream` of `path`. An error of the
 * stream, of the tar or of one entry's body (the archive cut off mid-file)
 * rejects with brokenArchive's words: a partial listing is said to be one
 * only when a budget stopped it.
 */
export async function listArchive(stream: Readable, path: string, budget: ListBudget, cancel: () => void = () => undefined): Promise<FolderListing> {
  const entries: FileEntry[] = [];
  let bytes = 0;
  let truncated: string | null = null;
  const extract = (await loadTar()).extract();
  return new Promise<FolderListing>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (truncated !== null || error !== undefined) {
        cancel();
        stream.destroy();
        extract.destroy();
      }
      if (error !== undefined && truncated === null) reject(brokenArchive(path, error));
      else resolve({ path, entries: entries.sort((a, b) => a.name.localeCompare(b.name)), truncated });
    };
    const stop = (why: string) => {
      truncated = why;
      finish();
    };
    const timer = setTimeout(
      () => stop(`Listing stopped after ${budget.ms / 1000} s: the engine sends a folder with everything under it, and this one is large. ${entries.length} entries shown.`),
      budget.ms,
    );
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > budget.bytes) stop(`Listing stopped after reading ${Math.round(bytes / 2 ** 20)} MB: this folder holds a lot of data. ${entries.length} entries shown.`);
    });
    extract.on('entry', (header, body, next) => {
      const name = childName(header.name);
      if (name !== null) {
        entries.push(entryFrom(name, header));
        if (entries.length >= budget.entries) stop(`Showing the first ${budget.entries} entries of this folder.`);
      }
      // A body fails when the archive stops inside it; unheard, that error would escape every handler.
      body.on('error', (error) => finish(error));
      body.on('end', next);
      body.resume();
    });
    extract.on('finish', () => finish());
    extract.on('error', (error) => finish(error));
    stream.on('error', (error) => finish(error));
    // A stream that closes without its end (the engine's connection dropped) is as broken as one that errors.
    stream.on('close', () => {
      if (!stream.readableEnded) finish(new Error('the connection to the engine closed'));
    });
    stream.pipe(extract);
  });
}

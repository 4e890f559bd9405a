/**
 * Downloads and uploads of container files, streamed over HTTP on the app's
 * own origin (browser mode's loopback server; in Electron the berth://
 * protocol can serve the same handler). Each address is one-time and
 * short-lived, issued over the authenticated message channel, with a random
 * id nobody else can guess; what it reads or writes (container, path, name)
 * was validated and fixed in main when it was issued, never taken from the
 * HTTP request.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type Docker from 'dockerode';
import { TRANSFER_PREFIX } from '#shared/files';
import { RemoteError, type ErrorCode } from '#shared/protocol';
import { listError } from './list';
import { loadTar } from './tar';

/** Where a ticket's bytes come from or go: the engine that issued it (tickets of every engine share one office). */
type DockerOf = () => Docker;

/**
 * What an address does, fixed when it was issued: a download opens its
 * stream when fetched; an upload takes the request's body (and its length,
 * when the client sent one) and answers when the bytes are where they go.
 * Either throws an error with the user's words (a RemoteError's code picks
 * the status).
 */
type Ticket =
  | { kind: 'download'; name: string; open: () => Promise<Readable>; expires: number }
  | { kind: 'upload'; receive: (body: Readable, size: number | null) => Promise<void>; expires: number };

const TTL_MS = 5 * 60_000;

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The one ticket office for downloads and uploads, whichever engine's container they are for. */
export class Transfers {
  private readonly tickets = new Map<string, Ticket>();

  private issue(ticket: Ticket): string {
    this.prune();
    const token = randomBytes(24).toString('base64url');
    this.tickets.set(token, ticket);
    return token;
  }

  private prune(): void {
    const now = Date.now();
    for (const [token, ticket] of this.tickets) if (ticket.expires < now) this.tickets.delete(token);
  }

  private take(token: string, kind: Ticket['kind']): Ticket | undefined {
    const ticket = this.tickets.get(token);
    if (!ticket || ticket.kind !== kind || ticket.expires < Date.now()) return undefined;
    this.tickets.delete(token);
    return ticket;
  }

  download(docker: DockerOf, id: string, path: string): { url: string; name: string } {
    const base = path.replace(/\/+$/, '').split('/').pop() || 'root';
    return this.stream(`${base}.tar`, async () => {
      try {
        return (await docker().getContainer(id).getArchive({ path })) as unknown as Readable;
      } catch (error) {
        throw listError(path, error);
      }
    });
  }

  upload(docker: DockerOf, id: string, folder: string, names: string[]): { urls: string[] } {
    return { urls: names.map((name) => this.receive((body, size) => uploadFile(docker().getContainer(id), folder, name, body, size)).url) };
  }

  /** A one-time address that streams what `open` gives, as the download `name`. */
  stream(name: string, open: () => Promise<Readable>): { url: string; name: string } {
    const token = this.issue({ kind: 'download', name, open, expires: Date.now() + TTL_MS });
    return { url: `${TRANSFER_PREFIX}download/${token}`, name };
  }

  /** A one-time address whose POSTed body `receive` takes. */
  receive(receive: (body: Readable, size: number | null) => Promise<void>): { url: string } {
    const token = this.issue({ kind: 'upload', receive, expires: Date.now() + TTL_MS });
    return { url: `${TRANSFER_PREFIX}upload/${token}` };
  }

  /** Pending addresses (leak checks). */
  pending(): number {
    this.prune();
    return this.tickets.size;
  }

  /** Answers a request under /files/, or null when the path is not ours. The ticket in the path is the only credential; the caller has checked Host and, for an upload, Origin. */
  async handle(request: Request): Promise<Response | null> {
    const url = new URL(request.url);
    const match = /^\/files\/(download|upload)\/([A-Za-z0-9_-]{32})$/.exec(url.pathname);
    if (!match) return url.pathname.startsWith(TRANSFER_PREFIX) ? text(404, 'Not found') : null;
    const [, kind, token] = match as unknown as [string, 'download' | 'upload', string];
    if (kind === 'download' && request.method !== 'GET') return text(405, 'Use GET');
    if (kind === 'upload' && request.method !== 'POST') return text(405, 'Use POST');
    const ticket = this.take(token, kind);
    if (!ticket) return text(404, 'This address has expired or was already used; try again from Berth.');
    return ticket.kind === 'download' ? this.serveDownload(ticket) : this.receiveUpload(ticket, request);
  }

  private async serveDownload(ticket: Extract<Ticket, { kind: 'download' }>): Promise<Response> {
    let stream: Readable;
    try {
      stream = await ticket.open();
    } catch (error) {
      return failure(error);
    }
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        'Content-Type': 'application/x-tar',
        'Content-Disposition': contentDisposition(ticket.name),
        'Cache-Control': 'no-store',
      },
    });
  }

  private async receiveUpload(ticket: Extract<Ticket, { kind: 'upload' }>, request: Request): Promise<Response> {
    const length = request.headers.get('content-length');
    const size = length === null ? null : Number(length);
    const body = request.body ? Readable.fromWeb(request.body as unknown as NodeReadableStream) : Readable.from([]);
    try {
      await ticket.receive(body, Number.isSafeInteger(size) && size !== null && size >= 0 ? size : null);
    } catch (error) {
      body.destroy();
      return failure(error);
    }
    return new Response(null, { status: 204 });
  }
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = { 'bad-request': 400, 'not-found': 404, conflict: 409 };

/** A transfer that failed, as plain text in the user's words: the request's fault, or the engine's (502). */
function failure(error: unknown): Response {
  if (error instanceof RemoteError) return text(STATUS_BY_CODE[error.code] ?? 502, error.message);
  return text(502, error instanceof Error ? error.message : String(error));
}

/** One file into a container's folder, as a tar of one entry built as the bytes arrive: nothing is held whole in memory. */
async function uploadFile(container: Docker.Container, folder: string, name: string, body: Readable, size: number | null): Promise<void> {
  if (size === null) throw new RemoteError({ code: 'bad-request', message: 'The upload needs a Content-Length' });
  // Check the folder first: the engine answers a missing one before reading the upload, which would leave it stuck.
  try {
    const stat = (await container.infoArchive({ path: folder })) as unknown as { destroy?: () => void; headers?: Record<string, string> };
    stat.destroy?.();
    const raw = stat.headers?.['x-docker-container-path-stat'];
    const mode = raw ? (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { mode?: number }).mode : undefined;
    // Go's os.ModeDir is the top bit of a uint32.
    if (mode !== undefined && !(mode & 0x80000000)) throw new RemoteError({ code: 'conflict', message: `${folder} is a file, not a folder.` });
  } catch (error) {
    throw error instanceof RemoteError ? error : new RemoteError({ code: 'engine', message: listError(folder, error).message });
  }
  const pack = (await loadTar()).pack();
  const entry = pack.entry({ name, size, mode: 0o644, mtime: new Date(), type: 'file' }, (error) => {
    if (error) pack.destroy(error);
    else pack.finalize();
  });
  body.on('error', (error) => entry.destroy(error));
  body.pipe(entry);
  try {
    await container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: folder });
  } catch (error) {
    throw new RemoteError({ code: 'engine', message: listError(folder, error).message });
  }
}

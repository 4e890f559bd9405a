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
import { TRANSFER_PREFIX, joinPath } from '#shared/files';
import { listError } from './list';
import { existsInContainer } from './overwrite';
import { loadTar } from './tar';

/** Where a ticket's bytes come from or go: the engine that issued it (tickets of every engine share one office). */
type DockerOf = () => Docker;

/** Opens the bytes of a download that another feature streams (an image's `docker save`). */
export type OpenDownload = () => Promise<Readable>;
/** Takes the body of an upload that another feature receives (an image's `docker load`), as it arrives, and answers. */
export type ReceiveUpload = (body: Readable) => Promise<Response>;

type Ticket =
  | { kind: 'download'; docker: DockerOf; id: string; path: string; name: string; expires: number }
  | { kind: 'upload'; docker: DockerOf; id: string; folder: string; name: string; mayReplace: boolean; expires: number }
  | { kind: 'download'; open: OpenDownload; name: string; contentType: string; expires: number }
  | { kind: 'upload'; receive: ReceiveUpload; expires: number };

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
    const name = `${base}.tar`;
    const token = this.issue({ kind: 'download', docker, id, path, name, expires: Date.now() + TTL_MS });
    return { url: `${TRANSFER_PREFIX}download/${token}`, name };
  }

  /** `replace`: the paths the user's confirmation said to replace; any other that exists when the bytes arrive is refused. */
  upload(docker: DockerOf, id: string, folder: string, names: string[], replace: readonly string[]): { urls: string[] } {
    const expires = Date.now() + TTL_MS;
    return {
      urls: names.map((name) => {
        const mayReplace = replace.includes(joinPath(folder, name));
        return `${TRANSFER_PREFIX}upload/${this.issue({ kind: 'upload', docker, id, folder, name, mayReplace, expires })}`;
      }),
    };
  }

  /** A one-time address for bytes that `open` streams, saved as `name`. */
  streamDownload(open: OpenDownload, name: string, contentType: string): { url: string; name: string } {
    const token = this.issue({ kind: 'download', open, name, contentType, expires: Date.now() + TTL_MS });
    return { url: `${TRANSFER_PREFIX}download/${token}`, name };
  }

  /** A one-time address whose POSTed body `receive` takes. */
  receiveUpload(receive: ReceiveUpload): { url: string } {
    return { url: `${TRANSFER_PREFIX}upload/${this.issue({ kind: 'upload', receive, expires: Date.now() + TTL_MS })}` };
  }

  /** Pending addresses (leak checks). */
  pending(): number {
    this.prune();
    return this.tickets.size;
  }

  /** Answers a request under /files/, or null when the path is not ours. The ticket in the path is the only credential; the caller has checked Host and, for an upload, Origin. `body`: see TransferHandler. */
  async handle(request: Request, body?: Readable): Promise<Response | null> {
    const url = new URL(request.url);
    const match = /^\/files\/(download|upload)\/([A-Za-z0-9_-]{32})$/.exec(url.pathname);
    if (!match) return url.pathname.startsWith(TRANSFER_PREFIX) ? text(404, 'Not found') : null;
    const [, kind, token] = match as unknown as [string, 'download' | 'upload', string];
    if (kind === 'download' && request.method !== 'GET') return text(405, 'Use GET');
    if (kind === 'upload' && request.method !== 'POST') return text(405, 'Use POST');
    const ticket = this.take(token, kind);
    if (!ticket) return text(404, 'This address has expired or was already used; try again from Berth.');
    if (ticket.kind === 'download') return 'open' in ticket ? this.serveStream(ticket) : this.serveDownload(ticket);
    const upload = body ?? (request.body ? Readable.fromWeb(request.body as unknown as NodeReadableStream) : Readable.from([]));
    return 'receive' in ticket ? ticket.receive(upload) : this.receiveFile(ticket, request, upload);
  }

  private async serveStream(ticket: Extract<Ticket, { open: OpenDownload }>): Promise<Response> {
    let stream: Readable;
    try {
      stream = await ticket.open();
    } catch (error) {
      return text(502, error instanceof Error ? error.message : String(error));
    }
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: { 'Content-Type': ticket.contentType, 'Content-Disposition': contentDisposition(ticket.name), 'Cache-Control': 'no-store' },
    });
  }

  private async serveDownload(ticket: Extract<Ticket, { kind: 'download'; docker: DockerOf }>): Promise<Response> {
    let stream: Readable;
    try {
      stream = (await ticket.docker().getContainer(ticket.id).getArchive({ path: ticket.path })) as unknown as Readable;
    } catch (error) {
      return text(502, listError(ticket.path, error).message);
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

  private async receiveFile(ticket: Extract<Ticket, { kind: 'upload'; docker: DockerOf }>, request: Request, body: Readable): Promise<Response> {
    const size = Number(request.headers.get('content-length'));
    if (!Number.isSafeInteger(size) || size < 0) return text(411, 'The upload needs a Content-Length');
    const container = ticket.docker().getContainer(ticket.id);
    // Check the folder first: the engine answers a missing one before reading the upload, which would leave it stuck.
    try {
      const stat = (await container.infoArchive({ path: ticket.folder })) as unknown as { destroy?: () => void; headers?: Record<string, string> };
      stat.destroy?.();
      const raw = stat.headers?.['x-docker-container-path-stat'];
      const mode = raw ? (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { mode?: number }).mode : undefined;
      // Go's os.ModeDir is the top bit of a uint32.
      if (mode !== undefined && !(mode & 0x80000000)) return text(409, `${ticket.folder} is a file, not a folder.`);
    } catch (error) {
      return text(502, listError(ticket.folder, error).message);
    }
    // Checked when the upload was asked for; a file of that name may have appeared since.
    const target = joinPath(ticket.folder, ticket.name);
    try {
      if (!ticket.mayReplace && (await existsInContainer(ticket.docker(), ticket.id, target))) {
        return text(409, `Berth uploaded nothing: ${target} appeared in the container after you chose the file, and no confirmation said to replace it. Upload it again to be asked.`);
      }
    } catch (error) {
      return text(502, (error as Error).message);
    }
    // One tar with one entry, built as the bytes arrive: nothing is held whole in memory.
    const pack = (await loadTar()).pack();
    // A sender that hung up during the checks above leaves a stream that will never end: piped on, the engine would wait for it forever.
    if (body.destroyed) return text(400, 'The upload stopped before it arrived: the connection closed.');
    const entry = pack.entry({ name: ticket.name, size, mode: 0o644, mtime: new Date(), type: 'file' }, (error) => {
      if (error) pack.destroy(error);
      else pack.finalize();
    });
    body.on('error', (error) => entry.destroy(error));
    body.pipe(entry);
    try {
      await container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: ticket.folder });
    } catch (error) {
      body.destroy();
      return text(502, listError(ticket.folder, error).message);
    }
    return new Response(null, { status: 204 });
  }
}

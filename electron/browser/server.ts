/**
 * Browser mode's loopback server: the built renderer over HTTP and the
 * contract over a WebSocket, both behind the guard. The renderer cannot tell
 * this from Electron: it speaks the same protocol to the same handler table.
 *
 * No request may end it: a malformed request line, target, header or
 * upgrade is answered 400 (Node's parser, `clientError`, or parseTarget),
 * and whatever still throws is logged and answered 500. Slow or greedy
 * clients meet limits: header and request timeouts, a cap on connections,
 * a handshake timeout and a frame-size cap on sockets.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { TRANSFER_PREFIX } from '#shared/files';
import { CONTENT_SECURITY_POLICY, type TransferHandler } from '../app-files';
import type { Service } from '#shared/handlers';
import { logUnexpected, warnClientError } from '../transport/limited-log';
import type { SocketHost } from '../transport/ws';
import { checkPage, checkSocket, parseTarget, type GuardConfig, type Refusal } from './guard';
import { serveTransfer } from './transfer-route';

/** What answers the WebSocket and /files/: the engine's side of browser mode. */
export interface BrowserBackend {
  service: Service;
  /** File downloads and uploads under /files/ (electron/engine/files/transfers.ts). */
  transfers?: TransferHandler;
}

export interface ServerLimits {
  /** From a connection's start (or its previous request) until its headers are all in; a slow-loris meets this. */
  headersTimeoutMs: number;
  /** Until a request, body included, is all in: an upload must arrive within it. */
  requestTimeoutMs: number;
  /** Open sockets (page loads, transfers and WebSockets alike); one more is closed at once. */
  maxConnections: number;
  /** From an upgrade the guard let through until the WebSocket is open. */
  handshakeTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  // A browser sends its headers at once; ten seconds is generous.
  headersTimeoutMs: 10_000,
  // Loopback moves gigabytes a minute; an upload that takes longer than this is stuck.
  requestTimeoutMs: 10 * 60_000,
  // A tab needs a handful; this leaves room for many tabs and transfers, and well under the usual 1024 file descriptors.
  maxConnections: 256,
  handshakeTimeoutMs: 10_000,
};

export interface BrowserServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** The built renderer (out/renderer). */
  root: string;
  /**
   * May still be loading when the server listens; a socket or transfer
   * waits for it. Browser mode loads the engine's modules (dockerode, ws,
   * the schemas) only after it listens, so it is ready sooner and the page's
   * own loading overlaps theirs.
   */
  backend: Promise<BrowserBackend>;
  /** DEFAULT_LIMITS unless a test needs them tighter. */
  limits?: Partial<ServerLimits>;
}

export interface BrowserServer {
  port: number;
  /** The address to open, with the token. */
  url: string;
  /** Sockets connected now (for leak checks). */
  connections(): number;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const BAD_TARGET: Refusal = { ok: false, status: 400, reason: 'Bad Request: the target must be a path' };

function securityHeaders(res: ServerResponse): void {
  // The same policy as berth://app in Electron; connect-src 'self' covers the page's own ws:// origin (CSP3).
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function answer(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${reason}\n`);
}

/** A whole response written on a raw socket (an upgrade refused, a request the parser could not read), then closed. */
function answerRaw(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

/** Node's own answer to a request it could not parse, kept: 431 for huge headers, 408 for the timeouts, else 400. */
function clientErrorStatus(error: NodeJS.ErrnoException): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  if (!LOOPBACK_HOSTS.has(options.host)) {
    throw new Error(`Browser mode listens on loopback only; BERTH_HOST must be 127.0.0.1, localhost or ::1, not "${options.host}"`);
  }
  if (options.token.length < 32) throw new Error('The session token must be at least 32 characters long');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };

  const files = sirv(options.root, { dev: false, etag: true, single: false });
  let sockets: SocketHost | undefined;
  // ws and the dispatcher load with the backend, not before the server listens.
  const socketHost = options.backend.then(async ({ service }) => {
    const { createSocketHost } = await import('../transport/ws');
    sockets = createSocketHost(service);
    return sockets;
  });
  /** Upgrades let through and not yet open: their handshake timers, ended by close(). */
  const handshaking = new Set<Duplex>();
  const config: GuardConfig = { port: 0, token: options.token };

  function serve(req: IncomingMessage, res: ServerResponse): void {
    securityHeaders(res);
    const target = parseTarget(req.url);
    if (!target) return answer(res, BAD_TARGET.status, BAD_TARGET.reason);
    if (target.pathname.startsWith(TRANSFER_PREFIX)) {
      options.backend
        .then(({ transfers }) => (transfers ? serveTransfer(config, transfers, req, res, target) : answer(res, 404, 'Not found')))
        .catch((error: unknown) => {
          logUnexpected('a file transfer failed', error);
          answer(res, 500, 'Internal error');
        });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const verdict = checkPage(config, req.headers);
    if (!verdict.ok) return answer(res, verdict.status, verdict.reason);
    if (target.pathname === '/' || target.pathname === '/index.html') res.setHeader('Cache-Control', 'no-store');
    // sirv sees only the parsed path, and no Range: no page of ours asks for one, and sirv's reading of a backwards range throws.
    req.url = target.pathname;
    delete req.headers.range;
    files(req, res, () => answer(res, 404, 'Not found'));
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseTarget(req.url);
    const verdict = !target
      ? BAD_TARGET
      : target.pathname === '/ws'
        ? checkSocket(config, req.headers, target.searchParams.get('token'))
        : { ok: false as const, status: 404 as const, reason: 'Not found' };
    if (!verdict.ok) return answerRaw(socket, verdict.status);
    handshaking.add(socket);
    const timer = setTimeout(() => socket.destroy(), limits.handshakeTimeoutMs);
    const done = () => {
      clearTimeout(timer);
      handshaking.delete(socket);
    };
    socket.once('close', done);
    socketHost
      .then((host) => {
        if (!socket.destroyed) host.upgrade(req, socket, head, done);
      })
      .catch((error: unknown) => {
        logUnexpected('a WebSocket upgrade failed', error);
        socket.destroy();
      });
  }

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks both timeouts this often (30 s by default, which would let a slow-loris sit that long).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      try {
        serve(req, res);
      } catch (error) {
        logUnexpected(`a request for ${req.method} failed`, error);
        answer(res, 500, 'Internal error');
      }
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => warnClientError(`berth: refused a connection: ${limits.maxConnections} are open, the most browser mode takes`));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way cannot be followed by another on the same socket.
    const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || current?.headersSent) return socket.destroy();
    answerRaw(socket, clientErrorStatus(error));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Once upgraded, the socket is ours: a client that resets it must not throw an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (error) {
      logUnexpected('a WebSocket upgrade failed', error);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  config.port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '::1' ? '[::1]' : options.host;

  return {
    port: config.port,
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- the address browser mode serves: plain http, on loopback only
    url: `http://${shownHost}:${config.port}/?token=${options.token}`,
    connections: () => sockets?.connections() ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        sockets?.close();
        for (const socket of handshaking) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Browser mode's loopback server: the built renderer over HTTP and the
 * contract over a WebSocket, both behind the guard. The renderer cannot tell
 * this from Electron: it speaks the same protocol to the same handler table.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { CONTENT_SECURITY_POLICY, TRANSFER_PREFIX } from '../app-files';
import type { Service } from '../transport/dispatcher';
import type { SocketHost } from '../transport/ws';
import { checkPage, checkSocket, cookieName, type Verdict } from './guard';
import type { TransferHandler } from '../engine/files/transfers';
import { serveTransfer } from './transfer-route';

/** What answers the WebSocket and /files/: the engine's side of browser mode. */
export interface BrowserBackend {
  service: Service;
  /** File downloads and uploads under /files/ (electron/engine/files/transfers.ts). */
  transfers?: TransferHandler;
}

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

function securityHeaders(res: ServerResponse): void {
  // The same policy as berth://app in Electron; connect-src 'self' covers the page's own ws:// origin (CSP3).
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function refuse(res: ServerResponse, verdict: Exclude<Verdict, { ok: true }>): void {
  res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${verdict.reason}\n`);
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  if (!LOOPBACK_HOSTS.has(options.host)) {
    throw new Error(`Browser mode listens on loopback only; BERTH_HOST must be 127.0.0.1, localhost or ::1, not "${options.host}"`);
  }
  if (options.token.length < 32) throw new Error('The session token must be at least 32 characters long');

  const files = sirv(options.root, { dev: false, etag: true, single: false });
  let sockets: SocketHost | undefined;
  // ws and the dispatcher load with the backend, not before the server listens.
  const socketHost = options.backend.then(async ({ service }) => {
    const { createSocketHost } = await import('../transport/ws');
    sockets = createSocketHost(service);
    return sockets;
  });
  let port = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    if ((req.url ?? '').startsWith(TRANSFER_PREFIX)) {
      void options.backend.then(({ transfers }) => {
        if (transfers) return serveTransfer({ port, token: options.token }, transfers, req, res);
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const queryToken = url.searchParams.get('token');
    const verdict = checkPage({ port, token: options.token }, req.headers, queryToken);
    if (!verdict.ok) return refuse(res, verdict);
    if (queryToken) {
      res.setHeader('Set-Cookie', `${cookieName(port)}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname === '/' || url.pathname === '/index.html') res.setHeader('Cache-Control', 'no-store');
    files(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const verdict: Verdict =
      url.pathname === '/ws'
        ? checkSocket({ port, token: options.token }, req.headers, url.searchParams.get('token'))
        : { ok: false, status: 403, reason: 'Forbidden' };
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    void socketHost.then((host) => {
      if (!socket.destroyed) host.upgrade(req, socket, head);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '::1' ? '[::1]' : options.host;

  return {
    port,
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- the address browser mode serves: plain http, on loopback only
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    connections: () => sockets?.connections() ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        sockets?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

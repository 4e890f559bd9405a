/**
 * The app's own files on berth://app/, without Electron: URL checks, the CSP,
 * and a handler that maps a request to a file of the built renderer folder
 * (confined to it, symlinks included) or refuses it. protocol.ts plugs it into
 * Electron; being plain Node, it can be tested without Electron.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { TRANSFER_PREFIX } from '#shared/files';

/**
 * Answers a request under TRANSFER_PREFIX, or null when no transfer owns it.
 * `body`: an upload's bytes when the caller holds them as a Node stream
 * (browser mode's server), taken as they are instead of from the request;
 * wrapping them as a web stream only to unwrap them again cost main about a
 * CPU-second per GB.
 */
export type TransferHandler = (request: Request, body?: Readable) => Promise<Response | null>;

export const APP_SCHEME = 'berth';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where file transfers (engine/files/transfers.ts) are served, beside the app's own files. */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** True for berth://app/… only: the app's own pages. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Node gives non-special schemes an origin of "null", so compare the parts.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

function respond(status: number, body: string | Uint8Array | null, type: string): Response {
  return new Response(body as BodyInit | null, {
    status,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    },
  });
}

const text = (status: number, message: string): Response =>
  respond(status, message, 'text/plain; charset=utf-8');

/**
 * Answers requests for files under `root` (the built renderer folder) on berth://app/.
 * Paths are decoded, resolved and checked to stay under the root, symlinks
 * included; anything else is refused. With `transfers`, paths under /files/
 * are the Files tab's one-time download and upload addresses instead, as in
 * browser mode: only Berth's own windows can reach berth://app, and each
 * address was issued to one of them over IPC.
 */
export function createAppFileHandler(root: string, transfers?: TransferHandler): (request: Request) => Promise<Response> {
  const base = resolve(root);
  const baseReal = realpath(base).catch(() => base);

  async function load(path: string): Promise<{ body: Uint8Array; type: string } | 'outside' | null> {
    const file = resolve(base, `.${path}`);
    if (!inside(base, file)) return 'outside';
    try {
      const real = await realpath(file);
      if (!inside(await baseReal, real)) return 'outside';
      const body = await readFile(real);
      return { body, type: MIME[extname(real).toLowerCase()] ?? 'application/octet-stream' };
    } catch {
      return null;
    }
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || url.username || url.password) return text(404, 'Not found');
    if (transfers && url.pathname.startsWith(TRANSFER_PREFIX)) {
      const answer = await transfers(request);
      if (answer) {
        answer.headers.set('X-Content-Type-Options', 'nosniff');
        answer.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
        return answer;
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return text(400, 'Bad path');
    }
    if (path.includes('\0') || !path.startsWith('/')) return text(400, 'Bad path');
    if (path.endsWith('/')) path += 'index.html';

    let found = await load(path);
    // A client-side route (no extension) that is not a file gets the app.
    if (found === null && extname(path) === '') found = await load('/index.html');
    if (found === 'outside') return text(403, 'Forbidden');
    if (found === null) return text(404, 'Not found');
    return respond(200, request.method === 'HEAD' ? null : found.body, found.type);
  };
}

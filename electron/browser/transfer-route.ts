/**
 * Browser mode's door for file transfers (/files/…): the same guard as the
 * page (exact Host, the session token or its cookie), plus, for uploads, the
 * exact Origin of this server: a page on another port of 127.0.0.1 shares
 * the cookie, but not the origin. The handler itself works on Fetch
 * Request/Response, so Electron's protocol handler can serve it unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { TransferHandler } from '../engine/files/transfers';
import { allowedOrigins, checkPage, type GuardConfig } from './guard';

export async function serveTransfer(config: GuardConfig, handler: TransferHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- only a base for parsing the request target: nothing is fetched
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const deny = (status: number, reason: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${reason}\n`);
  };
  const verdict = checkPage(config, req.headers, url.searchParams.get('token'));
  if (!verdict.ok) return deny(verdict.status, verdict.reason);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const origin = req.headers.origin?.toLowerCase();
    if (!origin || !allowedOrigins(config.port).includes(origin)) return deny(403, 'Forbidden: foreign Origin');
  }
  const hasBody = req.method === 'POST' || req.method === 'PUT';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const request = new Request(url, {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
  let response: Response | null;
  try {
    response = await handler(request);
  } catch (error) {
    console.error('berth: a file transfer failed', error);
    return deny(500, 'The transfer failed; see the main process log.');
  }
  if (!response) return deny(404, 'Not found');
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => (out[name] = value));
  res.writeHead(response.status, out);
  if (!response.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as unknown as NodeReadableStream);
  // A user who cancels the download closes the socket: stop reading from the engine too.
  res.on('close', () => body.destroy());
  body.on('error', () => res.destroy());
  body.pipe(res);
}

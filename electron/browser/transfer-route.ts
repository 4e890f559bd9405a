/**
 * Browser mode's door for file transfers (/files/…): the exact Host, and for
 * uploads the exact Origin of this server; what opens a transfer is its
 * one-time ticket in the path, which the handler takes. No session token and
 * no cookie: a browser sends cookies to every port of 127.0.0.1, and the
 * ticket was issued over the authenticated socket to this page only. The
 * handler itself works on Fetch Request/Response, so Electron's protocol
 * handler serves it unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { TransferHandler } from '../app-files';
import { checkTransfer, type GuardConfig } from './guard';

function deny(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(`${reason}\n`);
}

/** `target` is the request's own path and query, parsed against a fixed base (guard.parseTarget). */
export async function serveTransfer(
  config: GuardConfig,
  handler: TransferHandler,
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
): Promise<void> {
  const verdict = checkTransfer(config, req.method, req.headers);
  if (!verdict.ok) return deny(res, verdict.status, verdict.reason);
  // The handler reads the method, the path and an upload's length; nothing else of the client's headers reaches it.
  const headers = new Headers();
  const length = req.headers['content-length'];
  if (length !== undefined && /^\d{1,15}$/.test(length)) headers.set('content-length', length);
  let response: Response | null;
  try {
    // An upload's bytes go to the handler as the Node stream they arrive in (see TransferHandler).
    response = await handler(new Request(target, { method: req.method, headers }), req.method === 'POST' ? req : undefined);
  } catch (error) {
    console.error('berth: a file transfer failed', error);
    return deny(res, 500, 'The transfer failed; see the main process log.');
  }
  if (!response) return deny(res, 404, 'Not found');
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

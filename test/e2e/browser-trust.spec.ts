/**
 * What browser mode gives away to the rest of loopback. Browsers send
 * cookies to every port of 127.0.0.1 (and of localhost) alike, so any other
 * server there, a container's published port say, sees what Berth's page
 * left in the browser. With Berth open, the same browser visits such a page;
 * every header of every request it receives is recorded, must not hold the
 * token, and, replayed against Berth, must open neither its socket nor a
 * transfer.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { expect, test } from './fixtures';

interface Received {
  url: string;
  /** Every header as sent, in order, duplicates kept. */
  headers: [string, string][];
}

function evilPage(port: number): string {
  const here = (host: string, path: string) => `http://${host}:${port}${path}`;
  return `<!doctype html><title>elsewhere on loopback</title>
<img src="/pixel.png?from=img"><img src="${here('127.0.0.1', '/pixel.png?from=img-127')}"><img src="${here('localhost', '/pixel.png?from=img-localhost')}">
<script>
Promise.allSettled([
  fetch('/api?from=fetch', { credentials: 'include' }),
  fetch('${here('127.0.0.1', '/api?from=fetch-127')}', { credentials: 'include', mode: 'no-cors' }),
  fetch('${here('localhost', '/api?from=fetch-localhost')}', { credentials: 'include', mode: 'no-cors' }),
]).then(() => { document.title = 'fetched'; });
</script>`;
}

/** A plain HTTP server on 127.0.0.1 (and ::1 where there is one, for localhost) that records what it receives. */
async function startElsewhere(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const servers: Server[] = [];
  const handler = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    received.push({ url: req.url ?? '', headers });
    if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(evilPage(port));
    } else if (req.url?.startsWith('/pixel.png')) {
      res.writeHead(200, { 'Content-Type': 'image/gif' });
      res.end(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64'));
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
      res.end('ok');
    }
  };
  const first = createServer(handler);
  await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', () => resolve()));
  servers.push(first);
  const port = (first.address() as AddressInfo).port;
  const second = createServer(handler);
  await new Promise<void>((resolve) => {
    second.once('error', () => resolve()); // no ::1 here: localhost is 127.0.0.1 alone
    second.listen(port, '::1', () => {
      servers.push(second);
      resolve();
    });
  });
  return {
    port,
    received,
    // The visitor's connections may still be open (kept alive, or a fetch Chromium has not finished): end them, or close() waits on them.
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}

/** Opens Berth's socket as a forging client would (any Origin it likes); 'open' or the HTTP status it was refused with. */
function trySocket(url: string, origin: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { origin, headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(`HTTP ${res.statusCode}`);
      res.resume();
    });
    socket.once('error', (error) => resolve(`error ${error.message}`));
  });
}

/** Headers a replay may not copy: they describe the other connection, not a credential. */
const HOP = new Set(['host', 'connection', 'upgrade', 'content-length', 'transfer-encoding', 'keep-alive']);

test('a page elsewhere on loopback receives nothing that opens Berth', async ({ page, berth, context }) => {
  // Two Berth tabs, two visits and a few dozen replays: minutes on a loaded machine, not the usual one.
  test.slow();
  const elsewhere = await startElsewhere();
  try {
    // Berth open and connected, by both of its names, so whatever it leaves in the browser it has left for both.
    await page.goto(berth.url);
    await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
    const byName = await context.newPage();
    await byName.goto(`http://localhost:${berth.port}/?token=${berth.token}`);
    await expect(byName.getByRole('table', { name: 'Containers' })).toBeVisible();

    const visitor = await context.newPage();
    for (const host of ['127.0.0.1', 'localhost']) {
      await visitor.goto(`http://${host}:${elsewhere.port}/`);
      await expect(visitor).toHaveTitle('fetched');
    }
    // Each page load, image and fetch arrived (the images by the time the page's load event fired).
    const froms = new Set(elsewhere.received.map((r) => new URL(r.url, 'http://x').searchParams.get('from')));
    for (const from of ['img', 'img-127', 'img-localhost', 'fetch', 'fetch-127', 'fetch-localhost']) expect(froms).toContain(from);
    expect(elsewhere.received.length).toBeGreaterThanOrEqual(2 + 6);

    const values = new Set<string>();
    for (const { url, headers } of elsewhere.received) {
      for (const [name, value] of headers) {
        expect(value, `${name} of ${url}`).not.toContain(berth.token);
        values.add(value);
        if (name.toLowerCase() === 'cookie') for (const pair of value.split(';')) values.add(pair.slice(pair.indexOf('=') + 1).trim());
      }
      expect(headers.map(([name]) => name.toLowerCase()), `headers of ${url}`).not.toContain('cookie');
    }

    // Replayed against Berth by a client that forges Berth's own Origin: each value as the token, and as a ticket…
    const own = berth.origin;
    const ws = `ws://127.0.0.1:${berth.port}/ws`;
    for (const value of values) {
      expect(await trySocket(`${ws}?token=${encodeURIComponent(value)}`, own), `token=${value}`).toBe('HTTP 401');
      const transfer = await page.request.get(`${own}/files/download/${encodeURIComponent(value)}`);
      expect(transfer.status(), `ticket ${value}`).not.toBe(200);
    }
    // …and each request's headers whole, on the socket and on a transfer.
    for (const { url, headers } of elsewhere.received) {
      const replay = Object.fromEntries(headers.filter(([name]) => !HOP.has(name.toLowerCase())).map(([n, v]) => [n.toLowerCase(), v]));
      expect(await trySocket(ws, own, replay), `the headers of ${url} on the socket`).toBe('HTTP 401');
      const upload = await page.request.post(`${own}/files/upload/${'A'.repeat(32)}`, { headers: { ...replay, origin: own }, data: 'x' });
      expect(upload.status(), `the headers of ${url} on an upload`).toBe(404);
    }
    // The token itself still opens it: the refusals above are about the values, not a broken socket.
    expect(await trySocket(`${ws}?token=${berth.token}`, own)).toBe('open');
  } finally {
    await elsewhere.close();
  }
});

test('the token leaves the address bar and stays for this tab only, so a reload still connects', async ({ page, berth, context }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
  expect(page.url()).not.toContain(berth.token);
  expect((await context.cookies()).map((c) => c.name)).toEqual([]);
  await page.reload();
  await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
  // Another tab has no session storage of this one: it must be given the address again.
  const other = await context.newPage();
  await other.goto(`${berth.origin}/`);
  await expect(other.getByRole('alert')).toHaveText('Open Berth with the address it printed, including ?token=…');
});

/** Sends raw bytes and resolves with the first line of the answer ('' if the server closed without one). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('connect', () => socket.write(text));
  });
}

test('requests that once ended browser mode are answered, and it keeps serving', async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
  const host = `127.0.0.1:${berth.port}`;
  expect(await raw(berth.port, 'GET /files/x HTTP/1.1\r\nHost: a b\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden');
  expect(await raw(berth.port, `GET //[ HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe('HTTP/1.1 404 Not Found');
  expect(await raw(berth.port, `GET //[ HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`)).toBe('HTTP/1.1 404 Not Found');
  expect(await raw(berth.port, `GET / HTTP/1.1\r\nHost: ${host}\r\nRange: bytes=5-2\r\n\r\n`)).toBe('HTTP/1.1 200 OK');
  expect(await raw(berth.port, `TRACE /files/x HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe('HTTP/1.1 405 Method Not Allowed');
  expect(berth.child.exitCode).toBeNull();
  // The process lives on: the page loads and connects again.
  await page.reload();
  await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
});

/**
 * Browser mode under hostile clients, over raw TCP sockets to the real
 * server with the real engine behind it: thousands of malformed requests and
 * upgrades, a slow-loris, more connections than it takes, a frame too big,
 * a handshake that never completes. After each, the server still answers a
 * good page load and a good socket. Every wait here ends on something the
 * server did (an answer, a close); the deadlines only bound a broken run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserBackend, type BrowserServer, type ServerLimits } from '../../electron/browser/server';
import { localBerth, TEST_ENGINE } from '../support/service';
import type { ServerMessage } from '#shared/protocol';
import { waitConnected, waitFor } from './helpers';

const TOKEN = 'r'.repeat(64);
let root: string;
let berth: ReturnType<typeof localBerth>;
let backend: BrowserBackend;
let server: BrowserServer;
const extraServers: BrowserServer[] = [];

/** Anything that escaped every handler: on the old code, `new URL(untrusted)` threw here and ended browser mode. */
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'berth-root-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Berth</title>');
  berth = localBerth();
  await waitConnected(berth.local.engine);
  backend = { service: berth.service, transfers: berth.transfers };
  server = await start();
});

afterAll(async () => {
  await Promise.all([server, ...extraServers].map((s) => s?.close()));
  await berth?.stop();
});

beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});

afterEach(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});

function start(limits?: Partial<ServerLimits>, backendPromise: Promise<BrowserBackend> = Promise.resolve(backend)): Promise<BrowserServer> {
  return startBrowserServer({ host: '127.0.0.1', port: 0, token: TOKEN, root, backend: backendPromise, ...(limits ? { limits } : {}) });
}

async function startExtra(limits: Partial<ServerLimits>, backendPromise?: Promise<BrowserBackend>): Promise<BrowserServer> {
  const extra = await start(limits, backendPromise);
  extraServers.push(extra);
  return extra;
}

/** GET / as a browser would; resolves with the status and body, rejects if the server hangs up. */
function loadPage(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(port: number): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`, { origin: `http://127.0.0.1:${port}` });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

/** One call over a socket, answered by the real engine service. */
async function callMetrics(socket: WebSocket, id: number): Promise<ServerMessage> {
  const answer = new Promise<ServerMessage>((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'result' && message.id === id) resolve(message);
    });
  });
  socket.send(JSON.stringify({ type: 'call', id, engine: TEST_ENGINE, name: 'engine.metrics', args: {} }));
  return answer;
}

async function stillServes(port: number): Promise<void> {
  const page = await loadPage(port);
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>Berth</title>');
  const socket = await openSocket(port);
  expect(await callMetrics(socket, 1)).toMatchObject({ ok: true, value: { lists: expect.any(Number) } });
  socket.close();
}

interface Outcome {
  /** The status of the first response line, null when the server closed without one. */
  status: number | null;
  /** 'server': the server answered or closed; 'deadline': it did neither in time (it is holding the socket). */
  endedBy: 'server' | 'deadline';
}

/**
 * Writes `bytes` on a fresh connection and waits for the server's first
 * bytes or its close. A request the server is still waiting on (its body, the
 * rest of its headers) gets our end of the stream after `patienceMs`, which
 * the server must answer or close on. Node aborts a request whose client
 * half-closes, so a request only finishes unanswered that way.
 */
function exchange(port: number, bytes: Buffer, { patienceMs = 1_000, deadlineMs = 30_000 } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let settled = false;
    const finish = (endedBy: Outcome['endedBy'], head = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(patience);
      clearTimeout(deadline);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: match ? Number(match[1]) : null, endedBy });
    };
    const patience = setTimeout(() => socket.end(), patienceMs);
    const deadline = setTimeout(() => finish('deadline'), deadlineMs);
    socket.on('data', (chunk: Buffer) => finish('server', chunk.toString('latin1')));
    // The server may reset a connection it refuses with unread bytes: that is an answer too.
    socket.on('error', () => finish('server'));
    socket.on('close', () => finish('server'));
    socket.on('connect', () => socket.write(bytes));
  });
}

async function inBatches<T, R>(items: T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

/**
 * Requests that are mostly well-formed, so that most get past Node's parser
 * to the router, the guard and the handlers, with random parts: constants
 * that once mattered, printable junk (which the parser lets through), and
 * any bytes at all (which it mostly refuses).
 */
function malformedRequests(port: number): fc.Arbitrary<Buffer> {
  const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
  const printable = fc.string({ unit: fc.oneof(char(0x20, 0x7e), fc.constantFrom('[', ']', '%', '/', '\t', '\x80', '\xff')), maxLength: 40 });
  const anyBytes = fc.oneof(fc.string({ unit: char(0, 255), maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const mostly = (usual: fc.Arbitrary<string>) =>
    fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: printable, weight: 2 }, { arbitrary: anyBytes, weight: 1 });
  const ownHost = `127.0.0.1:${port}`;
  const ticket = 'A'.repeat(32);
  const method = mostly(
    fc.oneof(
      { arbitrary: pick('GET'), weight: 8 },
      { arbitrary: pick('POST'), weight: 4 },
      { arbitrary: pick('HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PRI', 'get'), weight: 3 },
    ),
  );
  const target = fc.oneof(
    { arbitrary: pick('/', '/ws', '/ws?token=', `/ws?token=${TOKEN}`, `/?token=${TOKEN}`, '/files/x', `/files/download/${ticket}`, `/files/upload/${ticket}`), weight: 4 },
    { arbitrary: pick('/files/', '//[', '//', '/%', '/%zz', '/%00', '/index.html', '/a/../index.html', '/files/../index.html', '*', 'http://x/', 'http://[/', ''), weight: 3 },
    { arbitrary: fc.tuple(pick('/', '/ws?token=', '/files/', '/files/download/', '//'), printable).map(([a, b]) => a + b), weight: 2 },
    { arbitrary: anyBytes, weight: 1 },
  );
  const version = fc.oneof({ arbitrary: pick('HTTP/1.1'), weight: 12 }, { arbitrary: pick('HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1', ''), weight: 1 }, { arbitrary: anyBytes, weight: 1 });
  const header = (name: string, ...values: string[]) => mostly(pick(...values)).map((value) => `${name}: ${value}`);
  const host = fc.oneof(
    { arbitrary: pick(`Host: ${ownHost}`), weight: 6 },
    { arbitrary: header('Host', `localhost:${port}`, 'a b', '[', '[::1', '', ':', 'evil.example', `${ownHost}\0`), weight: 3 },
    { arbitrary: pick(null), weight: 1 },
  );
  const headers = fc.subarray([
    header('Host', ownHost, 'second.example'),
    header('Origin', `http://${ownHost}`, `http://${ownHost}`, 'http://127.0.0.1:1', 'null', ''),
    header('Upgrade', 'websocket', 'websocket', 'WebSocket', 'h2c', ''),
    header('Connection', 'Upgrade', 'Upgrade', 'keep-alive, Upgrade', 'close', ''),
    header('Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==', 'dGhlIHNhbXBsZSBub25jZQ==', '', '===='),
    header('Sec-WebSocket-Version', '13', '13', '8', '13, 8', ''),
    header('Sec-WebSocket-Protocol', 'berth', 'a, b', ',,', ''),
    header('Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits', 'x; =', ''),
    header('Content-Length', '0', '5', '-1', '99999999999999999999', '1, 2', ''),
    header('Transfer-Encoding', 'chunked', 'gzip, chunked', 'identity', ''),
    header('Range', 'bytes=5-2', 'bytes=-1', 'bytes=99999999-', 'bytes=0-0, 2-1'),
    header('Cookie', `berth-${port}=${TOKEN}`, '=;=;'),
    header('Expect', '100-continue'),
    header('If-None-Match', '*', 'W/"x"'),
    fc.tuple(mostly(pick('X-Junk', 'Accept', 'Sec-Fetch-Mode')), mostly(pick('*/*'))).map(([name, value]) => `${name}: ${value}`),
  ], { maxLength: 6 });
  return fc
    .record({
      method,
      target,
      version,
      host,
      headers: headers.chain((list) => fc.tuple(...list)),
      newline: fc.oneof({ arbitrary: pick('\r\n'), weight: 12 }, { arbitrary: pick('\n', '\r'), weight: 1 }),
      body: fc.oneof({ arbitrary: pick(''), weight: 8 }, { arbitrary: pick('hello', '0\r\n\r\n', '5\r\nab'), weight: 1 }, { arbitrary: anyBytes, weight: 1 }),
      encoding: pick<BufferEncoding>('latin1', 'latin1', 'utf8'),
    })
    .map(({ method, target, version, host, headers, newline, body, encoding }) =>
      Buffer.from([`${method} ${target} ${version}`, ...(host === null ? [] : [host]), ...headers, '', body].join(newline), encoding),
    );
}

describe('malformed requests', () => {
  it('answers thousands of them without one escaping a handler or a 500, then still serves a page and a socket', async () => {
    const seed = Date.now() | 0;
    const requests = fc.sample(malformedRequests(server.port), { numRuns: 3000, seed });
    // The two that ended the old server at once, in front of the random ones.
    const known = [
      `GET /files/x HTTP/1.1\r\nHost: a b\r\n\r\n`,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nRange: bytes=5-2\r\n\r\n`,
      `TRACE /files/download/${'A'.repeat(32)} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
    ].map((text) => Buffer.from(text, 'latin1'));
    const outcomes = await inBatches([...known, ...requests], 16, (bytes) => exchange(server.port, bytes));

    expect(escaped, `errors that escaped every handler (fast-check seed ${seed})`).toEqual([]);
    const held = outcomes.filter((o) => o.endedBy === 'deadline').length;
    expect(held, `requests the server neither answered nor closed (seed ${seed})`).toBe(0);
    const failed = outcomes.filter((o) => o.status !== null && o.status >= 500).length;
    expect(failed, `answers of 500 or more: an unexpected throw reached the last resort (seed ${seed})`).toBe(0);
    const statuses = new Map<number | null, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    // Past Node's parser to the router (404, 405), the guard (403) and the files (200): the fuzz reaches Berth's own code.
    for (const status of [200, 403, 404, 405]) expect(statuses.get(status), `answers ${status} (seed ${seed})`).toBeGreaterThan(0);
    expect(outcomes.slice(0, known.length).map((o) => o.status)).toEqual([403, 404, 404, 200, 405]);

    await stillServes(server.port);
    expect(escaped).toEqual([]);
  });
});

describe('limits', () => {
  it('cuts a slow-loris of 200 sockets at its header timeout, and serves a good client meanwhile', async () => {
    const slow = await startExtra({ headersTimeoutMs: 2_000 });
    const sockets: Socket[] = [];
    const closed: Promise<string>[] = [];
    const dribble = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('a');
    }, 100);
    try {
      for (let i = 0; i < 200; i++) {
        const socket = connect(slow.port, '127.0.0.1');
        socket.on('error', () => undefined);
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
        closed.push(new Promise((resolve) => socket.on('close', () => resolve(answer))));
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nX-Slow: `);
        sockets.push(socket);
      }
      // A good client is served while they dribble.
      expect((await loadPage(slow.port)).status).toBe(200);
      // Each slow socket is answered 408 and closed by the server, not by us.
      const answers = await Promise.race([
        Promise.all(closed),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('slow sockets still open after 30 s')), 30_000)),
      ]);
      expect(answers.filter((a) => a.startsWith('HTTP/1.1 408')).length).toBe(200);
      await stillServes(slow.port);
    } finally {
      clearInterval(dribble);
      for (const socket of sockets) socket.destroy();
    }
  });

  it('takes no more connections than its cap, closes the next one cleanly, and takes one again when one leaves', async () => {
    const capped = await startExtra({ maxConnections: 8 });
    // WebSockets hold their connection for as long as they are open: proof each one was taken.
    const held = await Promise.all(Array.from({ length: 8 }, () => openSocket(capped.port)));
    expect(capped.connections()).toBe(8);
    await expect(loadPage(capped.port)).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(openSocket(capped.port)).rejects.toThrow();
    held[0]!.close();
    await waitFor('the server to see the socket leave', () => capped.connections() === 7);
    // Node frees its count as it destroys the socket, before ws hears the close and forgets the client: one is free now.
    expect((await loadPage(capped.port)).status).toBe(200);
    for (const socket of held) socket.close();
    await waitFor('all sockets gone', () => capped.connections() === 0);
  });

  it('closes a socket that sends a frame over 1 MiB, and only that socket', async () => {
    const bystander = await openSocket(server.port);
    const greedy = await openSocket(server.port);
    const closedWith = new Promise<number>((resolve) => greedy.on('close', (code) => resolve(code)));
    greedy.on('error', () => undefined);
    greedy.send('x'.repeat((1 << 20) + 1));
    expect(await closedWith).toBe(1009);
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    expect(await callMetrics(bystander, 2)).toMatchObject({ ok: true });
    // Exactly at the cap is still a message: answered, not closed.
    const atCap = await openSocket(server.port);
    const padded = JSON.stringify({ type: 'call', id: 3, engine: TEST_ENGINE, name: 'engine.metrics', args: {} });
    const frame = padded.slice(0, -1) + ' '.repeat((1 << 20) - padded.length) + '}';
    expect(Buffer.byteLength(frame)).toBe(1 << 20);
    const answered = new Promise<ServerMessage>((resolve) => atCap.on('message', (data) => resolve(JSON.parse(data.toString()) as ServerMessage)));
    atCap.send(frame);
    expect(await answered).toMatchObject({ id: 3, ok: true });
    bystander.close();
    atCap.close();
  });

  it('ends an upgrade whose handshake never completes', async () => {
    // The engine's side never loads, so the socket the guard let through is never taken over.
    const stuck = await startExtra({ handshakeTimeoutMs: 500 }, new Promise<BrowserBackend>(() => undefined));
    const outcome = await exchange(
      stuck.port,
      Buffer.from(
        `GET /ws?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${stuck.port}\r\nOrigin: http://127.0.0.1:${stuck.port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
      { patienceMs: 20_000, deadlineMs: 20_000 },
    );
    expect(outcome).toEqual({ status: null, endedBy: 'server' });
    // The page's files need no engine.
    expect((await loadPage(stuck.port)).status).toBe(200);
  });
});

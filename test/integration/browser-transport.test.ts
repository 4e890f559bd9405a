/**
 * Browser mode end to end below the UI: the loopback server, its guard and
 * the WebSocket binding of the contract, over real sockets to a real engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../electron/browser/server';
import { localBerth, TEST_ENGINE } from '../support/service';
import type { ServerMessage } from '#shared/protocol';
import { HELPER_VOLUME_LABEL } from '../../electron/engine/volumes/helper';
import { createContainer, docker, logEndsWith, sweep, TEST_LABEL, TEST_RUN, uniqueName, waitConnected, waitFor } from './helpers';

const TOKEN = 'k'.repeat(64);
let berth: ReturnType<typeof localBerth>;
let server: BrowserServer;

beforeAll(async () => {
  await sweep();
  const root = mkdtempSync(join(tmpdir(), 'berth-root-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Berth</title>');
  berth = localBerth();
  await waitConnected(berth.local.engine);
  server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    root,
    backend: Promise.resolve({ service: berth.service, transfers: berth.transfers }),
  });
});

afterAll(async () => {
  await server?.close();
  await berth?.stop();
  await sweep();
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A socket client speaking the wire protocol, collecting every message. */
async function connect(query = `?token=${TOKEN}`, origin = `http://127.0.0.1:${server.port}`) {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { origin });
  const received: ServerMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as ServerMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return { socket, received, send: (msg: unknown) => socket.send(JSON.stringify(msg)) };
}

describe('the page', () => {
  it('is served on the exact Host alone, sets no cookie, with a strict CSP and no referrer', async () => {
    // Its files hold no secret: the token opens the socket, and only the page's script sends it there.
    for (const path of ['/', `/?token=${TOKEN}`, '/index.html']) {
      const ok = await get(path);
      expect(ok.status).toBe(200);
      expect(ok.headers['set-cookie']).toBeUndefined();
      expect(ok.headers['content-security-policy']).toContain("default-src 'none'; script-src 'self'");
      expect(ok.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(ok.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('refuses a foreign Host (DNS rebinding), token or not', async () => {
    expect((await get(`/?token=${TOKEN}`, { host: `attacker.example:${server.port}` })).status).toBe(403);
    expect((await get('/', { host: `127.0.0.1:${server.port + 1}` })).status).toBe(403);
  });
});

describe('transfers', () => {
  it('open with their one-time ticket and the exact Host; the session token or a cookie opens none', async () => {
    const id = await createContainer(uniqueName('transfer'));
    const own = `http://127.0.0.1:${server.port}`;
    // What the old server accepted instead of a ticket: the token in the query, or its cookie.
    const stolen = { cookie: `berth-${server.port}=${TOKEN}`, origin: own };
    expect((await get(`/files/download/${'A'.repeat(32)}?token=${TOKEN}`, stolen)).status).toBe(404);
    expect((await get(`/files/upload/${'A'.repeat(32)}?token=${TOKEN}`, stolen, 'POST', Buffer.from('x'))).status).toBe(404);

    const { url } = await berth.local.service.requests['files.download']({ id, path: '/etc/hostname' });
    expect((await get(url, { host: `attacker.example:${server.port}` })).status).toBe(403);
    // Refused at the door, so the ticket is still good: no cookie, no token, just the ticket.
    expect((await get(url)).status).toBe(200);
    expect((await get(url)).status).toBe(404);

    const body = Buffer.from('uploaded by the ticket alone\n');
    const length = { 'content-length': String(body.length) };
    const { urls } = await berth.local.service.requests['files.upload']({ id, path: '/etc', names: ['ticket.txt'], replace: [] });
    const [upload] = urls as [string];
    expect((await get(upload, length, 'POST', body)).status).toBe(403);
    expect((await get(upload, { ...length, origin: 'http://127.0.0.1:1' }, 'POST', body)).status).toBe(403);
    expect((await get(upload, { ...length, origin: own }, 'PUT', body)).status).toBe(405);
    expect((await get(upload, { ...length, origin: own }, 'POST', body)).status).toBe(204);
    expect(await docker('cp', `${id}:/etc/ticket.txt`, '-')).toContain('uploaded by the ticket alone');
    await docker('rm', id);
  });

  it('a volume restore whose sender hangs up part way leaves no volume and no helper, and the server keeps serving', async () => {
    const name = uniqueName('vol-hung-up');
    const { url } = await berth.local.service.requests['volume.restore']({ name, create: true, intoNonEmpty: false, labels: { [TEST_LABEL]: TEST_RUN } });
    // A whole tar's first MB: one entry of 64 MB, of which 1 MB is sent.
    const size = 64 * 2 ** 20;
    const pack = tar.pack();
    const entry = pack.entry({ name: 'big', size });
    entry.write(Buffer.alloc(2 ** 20));
    const req = request({ host: '127.0.0.1', port: server.port, path: url, method: 'POST', headers: { origin: `http://127.0.0.1:${server.port}`, 'content-length': String(size + 1536) } });
    req.on('error', () => undefined);
    pack.on('data', (chunk) => req.write(chunk as Buffer));
    const helpers = () => docker('ps', '-aq', '--filter', `label=${HELPER_VOLUME_LABEL}=${name}`);
    // The restore is under way once its helper is there.
    await waitFor('the restore helper', async () => (await helpers()) !== '');
    req.destroy();
    await waitFor('the half-filled volume and its helper to go', async () => (await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)) === '' && (await helpers()) === '', 30_000);
    expect((await get('/')).status).toBe(200);
  });
});

describe('the socket', () => {
  it('refuses a missing token, a foreign Origin and a foreign Host', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${TOKEN}`, 'http://127.0.0.1:1')).rejects.toThrow('HTTP 403');
    await expect(connect(`?token=${TOKEN}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('streams a snapshot, then deltas for a change made with the CLI', async () => {
    const client = await connect();
    client.send({ type: 'listen', id: 1, engine: TEST_ENGINE, name: 'state', args: {} });
    client.send({ type: 'credit', id: 1, messages: 32 });
    const snapshot = await waitFor('snapshot', () => client.received.find((m) => m.type === 'data'));
    expect(snapshot).toMatchObject({ id: 1, data: { type: 'snapshot', snapshot: { status: { state: 'connected' } } } });

    const id = await createContainer(uniqueName('ws'));
    await waitFor('an upsert for the new container', () =>
      client.received.some((m) => m.type === 'data' && JSON.stringify(m.data).includes(id)),
    );
    client.socket.close();
    await waitFor('socket gone', () => server.connections() === 0);
    await docker('rm', id);
  });

  it('answers bad requests with clear errors, and keeps serving', async () => {
    const client = await connect();
    client.send({ type: 'call', id: 1, engine: TEST_ENGINE, name: 'container.stop', args: { id: '../../etc' } });
    client.send({ type: 'call', id: 2, engine: TEST_ENGINE, name: 'container.format-disk', args: {} });
    client.send({ type: 'call', id: 3, engine: TEST_ENGINE, name: 'container.remove', args: { id: 'x', force: 'yes' } });
    client.send({ nonsense: true });
    client.socket.send('not json');
    client.send({ type: 'call', id: 4, engine: TEST_ENGINE, name: 'container.start', args: { id: 'berth-test-no-such-container' } });
    client.send({ type: 'call', id: 5, engine: TEST_ENGINE, name: 'engine.metrics', args: {} });
    await waitFor('five answers', () => client.received.length >= 5);
    const byId = new Map(client.received.map((m) => [m.id, m]));
    expect(byId.get(1)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('must be a container id or name') } });
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'Unknown request: container.format-disk' } });
    expect(byId.get(3)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(byId.get(4)).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('No such container') } });
    expect(byId.get(5)).toMatchObject({ ok: true, value: { lists: expect.any(Number) } });
    client.socket.close();
  });

  it('pauses and unpauses a container when asked, through the engine', async () => {
    const id = await createContainer(uniqueName('pause-me'));
    await docker('start', id);
    const client = await connect();
    client.send({ type: 'call', id: 8, engine: TEST_ENGINE, name: 'container.pause', args: { id } });
    await waitFor('the pause answer', () => client.received.find((m) => m.id === 8));
    expect(client.received.find((m) => m.id === 8)).toMatchObject({ ok: true });
    expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('paused');
    client.send({ type: 'call', id: 9, engine: TEST_ENGINE, name: 'container.pause', args: { id } });
    await waitFor('the second pause answer', () => client.received.find((m) => m.id === 9));
    expect(client.received.find((m) => m.id === 9)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('is already paused') } });
    client.send({ type: 'call', id: 10, engine: TEST_ENGINE, name: 'container.unpause', args: { id } });
    await waitFor('the unpause answer', () => client.received.find((m) => m.id === 10));
    expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('running');
    client.socket.close();
  });

  it('kills with the signal asked for, and renames, refusing a taken name', async () => {
    const name = uniqueName('kill-me');
    // The main process traps SIGUSR1 and exits with 42: proof the engine sent that signal.
    const id = await createContainer(name, [], ['sh', '-c', 'trap "exit 42" USR1; echo trapping; while :; do sleep 0.1; done']);
    const other = await createContainer(uniqueName('taken'));
    await docker('start', id);
    // Only once the trap is set: as the container's PID 1, the shell ignores a USR1 that comes before it.
    await logEndsWith(id, 'trapping');
    const client = await connect();
    const answer = (n: number) => waitFor(`answer ${n}`, () => client.received.find((m) => m.id === n));
    client.send({ type: 'call', id: 11, engine: TEST_ENGINE, name: 'container.kill', args: { id, signal: 'SIGUSR1' } });
    expect(await answer(11)).toMatchObject({ ok: true });
    // `docker wait` returns when the engine says the container exited, with its code: no polling against a clock.
    expect(await docker('wait', id)).toBe('42');

    client.send({ type: 'call', id: 12, engine: TEST_ENGINE, name: 'container.kill', args: { id, signal: 'SIGBOGUS' } });
    expect(await answer(12)).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    client.send({ type: 'call', id: 13, engine: TEST_ENGINE, name: 'container.rename', args: { id, name: `${name}-renamed` } });
    expect(await answer(13)).toMatchObject({ ok: true });
    expect(await docker('inspect', '--format', '{{.Name}}', id)).toBe(`/${name}-renamed`);
    const otherName = (await docker('inspect', '--format', '{{.Name}}', other)).slice(1);
    client.send({ type: 'call', id: 14, engine: TEST_ENGINE, name: 'container.rename', args: { id, name: otherName } });
    expect(await answer(14)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already in use') } });
    client.send({ type: 'call', id: 15, engine: TEST_ENGINE, name: 'container.rename', args: { id, name: 'bad name!' } });
    expect(await answer(15)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    client.socket.close();
  });

  it('builds a published port\'s address from the engine\'s bindings', async () => {
    const id = await createContainer(uniqueName('port'), ['-p', '127.0.0.1::80', '--expose', '81']);
    await docker('start', id);
    const hostPort = (await docker('port', id, '80/tcp')).split(':').at(-1);
    const client = await connect();
    const answer = (n: number) => waitFor(`answer ${n}`, () => client.received.find((m) => m.id === n));
    client.send({ type: 'call', id: 21, engine: TEST_ENGINE, name: 'container.openPort', args: { id, containerPort: 80 } });
    // Browser mode has no gate to the user's browser: the page opens the address itself.
    expect(await answer(21)).toMatchObject({ ok: true, value: { url: `http://127.0.0.1:${hostPort}/`, opened: false } });
    client.send({ type: 'call', id: 22, engine: TEST_ENGINE, name: 'container.openPort', args: { id, containerPort: 81 } });
    expect(await answer(22)).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('does not publish port 81/tcp') } });
    client.socket.close();
  });

  it('stops a container when asked, through the engine', async () => {
    const id = await createContainer(uniqueName('stop-me'));
    await docker('start', id);
    const client = await connect();
    client.send({ type: 'call', id: 7, engine: TEST_ENGINE, name: 'container.stop', args: { id, timeoutSeconds: 5 } });
    await waitFor('the answer', () => client.received.find((m) => m.id === 7));
    expect(client.received.find((m) => m.id === 7)).toMatchObject({ ok: true, value: null });
    expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('exited');
    client.socket.close();
  });
});

/**
 * When the engine goes away Berth says why and retries; when it comes back
 * Berth resyncs and resumes events from where it left off, so a change made
 * while it was away is not missed.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../electron/engine/endpoint';
import { createEngineService } from '../../electron/engine/handlers';
import { createContainer, docker, item, sweep, uniqueName, waitConnected, waitFor } from './helpers';

const ENGINE_SOCKET = '/var/run/docker.sock';

/** A socket in front of the engine's that the test can cut, as a flaky link or a stopped engine would. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly open = new Set<Socket>();
  constructor(readonly path: string) {}

  async up(): Promise<void> {
    rmSync(this.path, { force: true });
    this.server = createServer((client) => {
      const upstream = createConnection(ENGINE_SOCKET);
      for (const s of [client, upstream]) {
        this.open.add(s);
        s.on('close', () => this.open.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.path, resolve));
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      for (const s of this.open) s.destroy();
    });
  }
}

beforeAll(() => sweep());
afterAll(() => sweep());

describe('a dropped connection', () => {
  it('says why, retries, and misses nothing that happened meanwhile', async () => {
    const proxy = new CuttableProxy(join(tmpdir(), `berth-proxy-${process.pid}.sock`));
    await proxy.up();
    const url = `unix://${proxy.path}`;
    const berth = createEngineService({
      resolveEndpoint: () => ({ url, source: 'test' }),
      minRetryMs: 100,
      maxRetryMs: 300,
    });
    try {
      await waitConnected(berth.engine);
      const toStart = await createContainer(uniqueName('gap-start'));
      const toRemove = await createContainer(uniqueName('gap-remove'));
      await waitFor('both listed', () => item(berth.engine, 'container', toStart) && item(berth.engine, 'container', toRemove));

      await proxy.cut();
      const down = await waitFor('unavailable', () => (berth.engine.status.state === 'unavailable' ? berth.engine.status : undefined));
      expect(down.error).toContain(`Docker engine unavailable at ${url}`);
      expect(down.retryAt).toBeGreaterThan(Date.now() - 1000);

      const eventsBefore = berth.engine.metrics().events;
      await docker('start', toStart);
      await docker('rm', toRemove);
      const created = await createContainer(uniqueName('gap-create'));
      // Nothing moves while the link is down.
      expect(item(berth.engine, 'container', toStart)?.state).toBe('created');

      await proxy.up();
      await waitConnected(berth.engine);
      await waitFor('changes made while away', () =>
        item(berth.engine, 'container', toStart)?.state === 'running' &&
        item(berth.engine, 'container', toRemove) === undefined &&
        item(berth.engine, 'container', created) !== undefined,
      );
      // The event stream resumed with `since`: the engine replayed what happened while away.
      await waitFor('replayed events', () => berth.engine.metrics().events - eventsBefore >= 3);
      expect(berth.engine.metrics().connects).toBe(2);
    } finally {
      await berth.stop();
      await proxy.cut();
    }
  });

  it('names the endpoint and the cause when no engine is there', async () => {
    const missing = join(tmpdir(), 'berth-no-engine-here.sock');
    const berth = createEngineService({ resolveEndpoint: () => ({ url: `unix://${missing}`, source: 'test' }) });
    try {
      const down = await waitFor('unavailable', () => (berth.engine.status.state === 'unavailable' ? berth.engine.status : undefined));
      expect(down.error).toBe(`Docker engine unavailable at unix://${missing}: connect ENOENT ${missing}`);
    } finally {
      await berth.stop();
    }
  });
});

/** Where scripts/test-env.sh notes the pid of a dockerd it started itself. */
const STARTED_MARK = '/tmp/berth-test-env/dockerd.pid';
const PIDFILE = '/var/run/docker.pid';

/**
 * The local dockerd's pid and command line, when this test may restart it:
 * root, the default local socket, BERTH_TEST_SHARED_ENGINE unset, and the
 * daemon that answers is one scripts/test-env.sh started (as in CI). A Docker
 * the user started themselves is never restarted by `npm test`.
 */
function localDaemon(): { pid: number; argv: string[] } | undefined {
  if (process.env.BERTH_TEST_SHARED_ENGINE === '1' || process.getuid?.() !== 0 || resolveEndpoint({ env: process.env, platform: process.platform, homedir: '/root', readFile: () => undefined }).url !== `unix://${ENGINE_SOCKET}`) return undefined;
  try {
    const pid = Number(readFileSync(PIDFILE, 'utf8').trim());
    if (!pid || Number(readFileSync(STARTED_MARK, 'utf8').trim()) !== pid) return undefined;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return argv.length ? { pid, argv } : undefined;
  } catch {
    return undefined;
  }
}

const daemon = localDaemon();

describe('an engine restart', () => {
  // Restarts only a dockerd that scripts/test-env.sh started (as in CI); never the user's own Docker.
  it.skipIf(!daemon)('is followed by a resync that shows what the restart did', async () => {
    if (!daemon) return;
    const berth = createEngineService({ minRetryMs: 200, maxRetryMs: 500 });
    try {
      await waitConnected(berth.engine);
      const id = await createContainer(uniqueName('restart'));
      await docker('start', id);
      await waitFor('running', () => item(berth.engine, 'container', id)?.state === 'running');

      process.kill(daemon.pid, 'SIGTERM');
      await waitFor('unavailable', () => berth.engine.status.state === 'unavailable', 30_000);
      await waitFor('dockerd exited', () => !existsSync(`/proc/${daemon.pid}`), 30_000);

      const log = openSync('/tmp/berth-dockerd.log', 'a');
      const [command, ...args] = daemon.argv;
      spawn(command ?? 'dockerd', args, { detached: true, stdio: ['ignore', log, log] }).unref();

      await waitConnected(berth.engine, 60_000);
      // The new daemon is test-env's too: note its pid, so the next run may restart it again.
      writeFileSync(STARTED_MARK, readFileSync(PIDFILE, 'utf8'));
      // Without live-restore the engine stopped the container on the way down.
      await waitFor('exited after restart', () => item(berth.engine, 'container', id)?.state === 'exited', 20_000);
    } finally {
      await berth.stop();
    }
  }, 120_000);
});

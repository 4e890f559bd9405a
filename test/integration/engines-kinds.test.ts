/**
 * Today's single-engine Berth against each kind of engine that
 * scripts/test-engines.sh brings up: a second dockerd chosen through a docker
 * context, Podman's Docker-compatible API, a dockerd over TCP with TLS
 * (through a context's TLS files), and this machine's docker over SSH with an
 * ed25519 and an rsa key. On each: connect, see a container the CLI made
 * appear as a row, start it through Berth, read its log and its stats, type
 * in a terminal, restart and stop it (Podman as the registry finds its socket). SSH goes through the system ssh (a config file of the
 * test's own, as a user's ~/.ssh/config), TLS as the CLI verifies it.
 * A wrong CA, a wrong key and an unknown host key are refused with words that
 * say so; nothing of this process's DOCKER_* environment reaches a client.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEndpoint, type ResolvedEndpoint } from '../../electron/engine/endpoint';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { testConnection } from '../../electron/engine/probe';
import type { EngineConfig } from '../../electron/engines/discover';
import { createBerthService } from '../../electron/service';
import { memorySettings } from '../support/service';
import type { EngineConnection } from '#shared/engines';
import type { ExecMessage } from '#shared/exec';
import { logStreams, type LogStreamMessage } from '#shared/logs';
import type { StatsSample } from '#shared/stats';
import {
  ENGINE_B_CONTEXT,
  ENGINE_B_SOCKET,
  PODMAN_SOCKET,
  SSH_HOST,
  SSH_KEYS,
  TLS_CLIENT_DIR,
  TLS_HOST,
  TLS_WRONG_CA_DIR,
  engineCli,
  sshCommandFor,
  withEnvironment,
  engineMissing,
  sweepEngine,
  type EngineCli,
} from '../support/engines';
import { IDLE, TEST_IMAGE, TEST_LABEL_ARG, callHandler, item, uniqueName, waitConnected, waitFor } from './helpers';

const run = promisify(execFile);
const MAIN_ENGINE = 'unix:///var/run/docker.sock';

/** The endpoint exactly as Berth would choose it with this environment. */
function endpointFor(env: Record<string, string | undefined>): () => ResolvedEndpoint {
  return () => resolveEndpoint({ env, platform: process.platform, homedir: tmpdir(), readFile: readText });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A docker config folder of the test's own holding one context, made and selected by the docker CLI itself. */
async function contextConfig(name: string, dockerEndpoint: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, DOCKER_CONFIG: dir };
  await run('docker', ['context', 'create', name, '--docker', dockerEndpoint], { env });
  await run('docker', ['context', 'use', name], { env });
  return dir;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Deadlines, not waits: the whole round on a machine that other test runs load too. */
const ROUND_TIMEOUT_MS = 180_000;

/**
 * The round every engine must pass: a container made with the CLI appears,
 * starts through Berth, its log reads through Berth, a terminal answers.
 */
async function exercise(berth: EngineService, cli: EngineCli, patienceMs = 20_000): Promise<void> {
  // The status says why when it does not connect.
  await waitConnected(berth.engine, Math.max(30_000, patienceMs)).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(berth.engine.status)}`);
  });
  const name = uniqueName('kinds');
  const greeting = `hello from ${name}`;
  // --network none: the second dockerd has no bridge (--bridge=none in its own namespace).
  const id = await cli('create', '--label', TEST_LABEL_ARG, '--name', name, '--network', 'none', TEST_IMAGE, 'sh', '-c', `echo ${greeting}; ${IDLE[2]}`);
  try {
    const row = await waitFor('the CLI-made container as a row', () => item(berth.engine, 'container', id), patienceMs).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify({ status: berth.engine.status, metrics: berth.engine.metrics() })}`);
    });
    expect(row.name).toBe(name);

    await callHandler(berth.service, 'container.start', { id });
    const started = await waitFor('the row to say running, with its start time', () => {
      const row = item(berth.engine, 'container', id);
      return row?.state === 'running' && row.startedAt;
    }, patienceMs);

    const logMessages: LogStreamMessage[] = [];
    const closeLogs = berth.service.streams.logs(logStreams.logs.args.parse({ source: { kind: 'container', id }, options: { follow: true } }), {
      data: (m) => logMessages.push(m),
      end: (error) => {
        if (error) throw error;
      },
      ready: () => true,
      onReady: () => () => undefined,
    });
    try {
      const opened = logMessages[0];
      if (opened?.type !== 'open') throw new Error('the log stream sent no open message');
      await waitFor('the greeting in the log', async () => {
        const window = await callHandler(berth.service, 'logs.window', { session: opened.session, filter: { stream: 'both' }, start: 0, count: 100 });
        return window.lines.some((line) => line.text === greeting);
      }, patienceMs);
    } finally {
      closeLogs();
    }

    const samples: StatsSample[] = [];
    const closeStats = berth.service.streams.stats({ id }, { data: (m) => void samples.push(...m.samples), end: () => undefined, ready: () => true, onReady: () => () => undefined });
    try {
      const sample = await waitFor('a stats sample', () => samples[0], patienceMs);
      expect(sample.memoryUsed).toBeGreaterThan(0);
    } finally {
      closeStats();
    }

    const output: ExecMessage[] = [];
    const closeTerminal = berth.service.streams['exec.session']({ mode: 'exec', id, cols: 80, rows: 24 }, {
      data: (m) => output.push(m),
      end: () => undefined,
      ready: () => true,
      onReady: () => () => undefined,
    });
    try {
      const session = await waitFor('the terminal to start', () => {
        const started = output.find((m) => m.type === 'started');
        return started?.type === 'started' && started.session;
      }, patienceMs);
      await callHandler(berth.service, 'exec.input', { session, data: 'echo $((6 * 7))x\n' });
      await waitFor('the shell to answer', () => output.some((m) => m.type === 'output' && m.data.includes('42x')), patienceMs);
    } finally {
      closeTerminal();
      await berth.exec.sessions.settled();
    }

    await callHandler(berth.service, 'container.restart', { id, timeoutSeconds: 2 });
    await waitFor('a second start after the restart', async () => {
      const row = item(berth.engine, 'container', id);
      return row?.state === 'running' && row.startedAt !== null && row.startedAt !== started;
    }, patienceMs).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify({ row: item(berth.engine, 'container', id), started, status: berth.engine.status.state, metrics: berth.engine.metrics() })}`);
    });
    await callHandler(berth.service, 'container.stop', { id, timeoutSeconds: 2 });
    await waitFor('the row to say exited', () => item(berth.engine, 'container', id)?.state === 'exited', patienceMs);
  } finally {
    await cli('rm', '-f', id);
  }
  await waitFor('the row to go', () => item(berth.engine, 'container', id) === undefined, patienceMs);
}

async function withBerth(resolve: () => ResolvedEndpoint, body: (berth: EngineService) => Promise<void>): Promise<void> {
  const berth = createEngineService({ resolveEndpoint: resolve, minRetryMs: 200, maxRetryMs: 1_000 });
  try {
    await body(berth);
  } finally {
    await berth.stop();
  }
}

async function unavailableError(berth: EngineService, timeoutMs?: number): Promise<string> {
  const status = await waitFor('the engine to be unavailable', () => (berth.engine.status.state === 'unavailable' ? berth.engine.status : undefined), timeoutMs);
  return status.error;
}

describe.skipIf(engineMissing('b'))(`a second dockerd, chosen by a docker context (${engineMissing('b') ?? ENGINE_B_SOCKET})`, () => {
  const cli = engineCli('docker', ['--context', ENGINE_B_CONTEXT]);
  afterAll(() => sweepEngine(cli));

  it('lists, starts, reads logs and stats, opens a terminal there', { timeout: ROUND_TIMEOUT_MS }, async () => {
    const config = await contextConfig('berth-test-b', `host=${ENGINE_B_SOCKET}`);
    const resolve = endpointFor({ DOCKER_CONFIG: config });
    expect(resolve()).toEqual({ url: ENGINE_B_SOCKET, source: 'context "berth-test-b"' });
    await withBerth(resolve, (berth) => exercise(berth, cli));
  });
});

describe.skipIf(engineMissing('podman'))(`Podman's Docker-compatible API (${engineMissing('podman') ?? PODMAN_SOCKET})`, () => {
  const cli = engineCli('podman', ['--url', PODMAN_SOCKET]);
  afterAll(() => sweepEngine(cli));

  it('lists, starts, reads logs and stats, opens a terminal, restarts and stops there, found as a socket by the registry', { timeout: ROUND_TIMEOUT_MS }, async () => {
    const podman: EngineConfig = { id: 'podman', name: 'Podman', origin: 'socket', current: false, url: PODMAN_SOCKET, resolve: () => ({ url: PODMAN_SOCKET, source: 'Podman' }) };
    const berth = createBerthService({ discover: () => [podman], settings: memorySettings(), engine: { minRetryMs: 200, maxRetryMs: 1_000 } });
    try {
      await exercise(berth.registry.get('podman')!, cli);
    } finally {
      await berth.stop();
    }
  });
});

describe.skipIf(engineMissing('tls'))(`a dockerd over TCP with TLS (${engineMissing('tls') ?? TLS_HOST})`, () => {
  const tlsFlags = (dir: string) => ['--tlsverify', '--tlscacert', join(dir, 'ca.pem'), '--tlscert', join(dir, 'cert.pem'), '--tlskey', join(dir, 'key.pem')];
  const cli = engineCli('docker', ['-H', TLS_HOST, ...tlsFlags(TLS_CLIENT_DIR)]);
  afterAll(() => sweepEngine(cli));

  it("works through a context's TLS files", { timeout: ROUND_TIMEOUT_MS }, async () => {
    const files = `ca=${TLS_CLIENT_DIR}/ca.pem,cert=${TLS_CLIENT_DIR}/cert.pem,key=${TLS_CLIENT_DIR}/key.pem`;
    const config = await contextConfig('berth-test-tls', `host=${TLS_HOST},${files}`);
    const resolve = endpointFor({ DOCKER_CONFIG: config });
    expect(resolve()).toMatchObject({ url: TLS_HOST, tls: { verify: true } });
    await withBerth(resolve, (berth) => exercise(berth, cli));
  });

  it('refuses a server its CA did not sign, and says it is the certificate', async () => {
    const resolve = endpointFor({ DOCKER_HOST: TLS_HOST, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: TLS_WRONG_CA_DIR });
    await withBerth(resolve, async (berth) => {
      const error = await unavailableError(berth);
      expect(error).toContain(`Docker engine unavailable at ${TLS_HOST}`);
      expect(error).toMatch(/certificate is not trusted: it is signed by an unknown authority/);
      expect(berth.engine.metrics().connects).toBe(0);
    });
  });

  const added = (dir: string, skipVerify = false): EngineConnection => ({
    url: TLS_HOST,
    tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), skipVerify },
  });

  it('an added engine: the right CA connects, a wrong CA is refused naming the address, skipVerify connects with the wrong CA', async () => {
    expect(await testConnection(added(TLS_CLIENT_DIR))).toMatchObject({ ok: true, info: { apiVersion: expect.any(String) } });
    const refused = await testConnection(added(TLS_WRONG_CA_DIR));
    if (refused.ok) throw new Error('a server the CA did not sign was trusted');
    expect(refused.error).toContain(`Docker engine unavailable at ${TLS_HOST}`);
    expect(refused.error).toMatch(/not trusted: it is signed by an unknown authority/);
    expect(await testConnection(added(TLS_WRONG_CA_DIR, true))).toMatchObject({ ok: true });
  });

  it("takes nothing from this process's DOCKER_HOST, DOCKER_CERT_PATH or DOCKER_TLS_VERIFY", async () => {
    // The right certificates in the environment: were docker-modem to merge them in, the wrong CA would pass.
    await withEnvironment({ DOCKER_HOST: 'tcp://127.0.0.1:9', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: TLS_CLIENT_DIR }, async () => {
      const refused = await testConnection(added(TLS_WRONG_CA_DIR));
      expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/unknown authority/) });
      // And a socket engine stays on its socket, not DOCKER_HOST's address.
      expect(await testConnection({ url: MAIN_ENGINE })).toMatchObject({ ok: true });
    });
    // A DOCKER_CERT_PATH with no files: docker-modem would read them while building every client, and throw.
    await withEnvironment({ DOCKER_HOST: 'tcp://127.0.0.1:9', DOCKER_CERT_PATH: '/nonexistent' }, async () => {
      expect(await testConnection({ url: MAIN_ENGINE })).toMatchObject({ ok: true });
    });
  });
});


/** Runs the body with BERTH_SSH_COMMAND set (the dialer reads it when an engine connects). */
function withSshCommand(command: string, body: () => Promise<void>): Promise<void> {
  return withEnvironment({ BERTH_SSH_COMMAND: command }, body);
}

function sshConfig(key: string, options?: { knowsHost?: boolean }): string {
  const config = sshCommandFor(key, options);
  cleanups.push(config.dispose);
  return config.command;
}

/** This process's ssh children that run dial-stdio: none may outlive its engine. */
function sshChildren(): string[] {
  const table = execFileSync('ps', ['-o', 'pid=,ppid=,args=', '-e'], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => line.includes('dial-stdio') && line.trim().split(/\s+/)[1] === String(process.pid));
}

const sshEndpoint = (): ResolvedEndpoint => ({ url: SSH_HOST, source: 'test' });

/** A round of the four lists, as a resync makes it. */
async function listRound(berth: EngineService): Promise<number> {
  const docker = berth.engine.client();
  const started = performance.now();
  await Promise.all([docker.listContainers({ all: true }), docker.listImages(), docker.listVolumes(), docker.listNetworks()]);
  return performance.now() - started;
}

const SSH_PATIENCE_MS = 30_000;

describe.skipIf(engineMissing('ssh'))(`this machine's docker over SSH (${engineMissing('ssh') ?? SSH_HOST})`, () => {
  const cli = engineCli('docker', ['-H', MAIN_ENGINE]);
  afterAll(() => sweepEngine(cli));

  it('lists, starts, reads logs and stats, opens a terminal with an ed25519 key, and leaves no ssh process behind', { timeout: ROUND_TIMEOUT_MS }, async () => {
    await withSshCommand(sshConfig(SSH_KEYS.ed25519), () =>
      withBerth(sshEndpoint, async (berth) => {
        await exercise(berth, cli, SSH_PATIENCE_MS);
        // Kept alive: once a round has run, the next rounds reuse its ssh processes (no new one starts).
        const rounds = [await listRound(berth)];
        const open = sshChildren();
        expect(open.length).toBeGreaterThan(0);
        rounds.push(await listRound(berth), await listRound(berth));
        expect(sshChildren().filter((line) => !open.includes(line))).toEqual([]);
        console.log(`ssh: a round of the four lists took ${rounds.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
      }),
    );
    // The engine stopped: every ssh process it started has ended (the event stream's, the idle ones, the terminal's).
    await waitFor('no ssh process left', () => sshChildren().length === 0 || undefined, 5_000).catch(() => {
      throw new Error(`ssh processes outlived their engine:\n${sshChildren().join('\n')}`);
    });
  });

  it('connects, lists and starts with an rsa key', { timeout: ROUND_TIMEOUT_MS }, async () => {
    await withSshCommand(sshConfig(SSH_KEYS.rsa), () =>
      withBerth(sshEndpoint, async (berth) => {
        const id = await cli('create', '--label', TEST_LABEL_ARG, '--name', uniqueName('kinds-rsa'), TEST_IMAGE, ...IDLE);
        await waitConnected(berth.engine, SSH_PATIENCE_MS);
        await waitFor('the CLI-made container as a row', () => item(berth.engine, 'container', id), SSH_PATIENCE_MS);
        await callHandler(berth.service, 'container.start', { id });
        await waitFor('the row to say running', () => item(berth.engine, 'container', id)?.state === 'running', SSH_PATIENCE_MS);
      }),
    );
  });

  it("fails with a wrong key in ssh's words, naming the host", async () => {
    await withSshCommand(sshConfig(SSH_KEYS.wrong), () =>
      withBerth(sshEndpoint, async (berth) => {
        const error = await unavailableError(berth, SSH_PATIENCE_MS);
        expect(error).toContain(`Docker engine unavailable at ${SSH_HOST}`);
        expect(error).toMatch(/berth-test@127\.0\.0\.1: Permission denied \(publickey\)/);
      }),
    );
  });

  it('refuses a host whose key is not in known_hosts, and never asks', async () => {
    await withSshCommand(sshConfig(SSH_KEYS.ed25519, { knowsHost: false }), () =>
      withBerth(sshEndpoint, async (berth) => {
        const error = await unavailableError(berth, SSH_PATIENCE_MS);
        expect(error).toContain('Host key verification failed');
      }),
    );
  });

  it('says so when there is no ssh command', async () => {
    await withSshCommand('/nonexistent/ssh', () =>
      withBerth(sshEndpoint, async (berth) => {
        const error = await unavailableError(berth);
        expect(error).toMatch(/the ssh command "\/nonexistent\/ssh" was not found/);
      }),
    );
  });
});

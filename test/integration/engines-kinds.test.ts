/**
 * Today's single-engine Berth against each kind of engine that
 * scripts/test-engines.sh brings up: a second dockerd chosen through a docker
 * context, Podman's Docker-compatible API, a dockerd over TCP with TLS
 * (through a context's TLS files), and this machine's docker over SSH with an
 * ed25519 and an rsa key. On each: connect, see a container the CLI made
 * appear as a row, start it through Berth, read its log and its stats, type
 * in a terminal.
 * A wrong CA and a wrong key are refused with words that say so.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEndpoint, type ResolvedEndpoint } from '../../electron/engine/endpoint';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
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

/**
 * The round every engine must pass: a container made with the CLI appears,
 * starts through Berth, its log reads through Berth, a terminal answers.
 */
async function exercise(berth: EngineService, cli: EngineCli, patienceMs = 10_000): Promise<void> {
  // The status says why when it does not connect.
  await waitConnected(berth.engine, Math.max(15_000, patienceMs)).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(berth.engine.status)}`);
  });
  const name = uniqueName('kinds');
  const greeting = `hello from ${name}`;
  // --network none: the second dockerd has no bridge (--bridge=none in its own namespace).
  const id = await cli('create', '--label', TEST_LABEL_ARG, '--name', name, '--network', 'none', TEST_IMAGE, 'sh', '-c', `echo ${greeting}; ${IDLE[2]}`);
  try {
    const row = await waitFor('the CLI-made container as a row', () => item(berth.engine, 'container', id), patienceMs);
    expect(row.name).toBe(name);

    await callHandler(berth.service, 'container.start', { id });
    await waitFor('the row to say running', () => item(berth.engine, 'container', id)?.state === 'running', patienceMs);

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

async function unavailableError(berth: EngineService): Promise<string> {
  const status = await waitFor('the engine to be unavailable', () => (berth.engine.status.state === 'unavailable' ? berth.engine.status : undefined));
  return status.error;
}

describe.skipIf(engineMissing('b'))(`a second dockerd, chosen by a docker context (${engineMissing('b') ?? ENGINE_B_SOCKET})`, () => {
  const cli = engineCli('docker', ['--context', ENGINE_B_CONTEXT]);
  afterAll(() => sweepEngine(cli));

  it('lists, starts, reads logs and stats, opens a terminal there', async () => {
    const config = await contextConfig('berth-test-b', `host=${ENGINE_B_SOCKET}`);
    const resolve = endpointFor({ DOCKER_CONFIG: config });
    expect(resolve()).toEqual({ url: ENGINE_B_SOCKET, source: 'context "berth-test-b"' });
    await withBerth(resolve, (berth) => exercise(berth, cli));
  });
});

describe.skipIf(engineMissing('podman'))(`Podman's Docker-compatible API (${engineMissing('podman') ?? PODMAN_SOCKET})`, () => {
  const cli = engineCli('podman', ['--url', PODMAN_SOCKET]);
  afterAll(() => sweepEngine(cli));

  it('lists, starts, reads logs and stats, opens a terminal there', async () => {
    await withBerth(endpointFor({ DOCKER_HOST: PODMAN_SOCKET }), (berth) => exercise(berth, cli));
  });
});

describe.skipIf(engineMissing('tls'))(`a dockerd over TCP with TLS (${engineMissing('tls') ?? TLS_HOST})`, () => {
  const tlsFlags = (dir: string) => ['--tlsverify', '--tlscacert', join(dir, 'ca.pem'), '--tlscert', join(dir, 'cert.pem'), '--tlskey', join(dir, 'key.pem')];
  const cli = engineCli('docker', ['-H', TLS_HOST, ...tlsFlags(TLS_CLIENT_DIR)]);
  afterAll(() => sweepEngine(cli));

  it("works through a context's TLS files", async () => {
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
      expect(error).toMatch(/certificate/i);
      expect(berth.engine.metrics().connects).toBe(0);
    });
  });
});

/** An ssh-agent of the test's own holding one key. */
async function agentWith(key: string): Promise<string> {
  const socket = join(mkdtempSync(join(tmpdir(), 'berth-agent-')), 'agent.sock');
  const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  cleanups.push(() => {
    agent.kill();
  });
  await waitFor('the ssh-agent socket', () => existsSync(socket));
  await run('ssh-add', [key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return socket;
}

/**
 * docker-modem takes the SSH agent from process.env (SSH_AUTH_SOCK, read only
 * when process.env.DOCKER_HOST itself is ssh://), not from the endpoint Berth
 * passes: so this is how a user reaches an SSH engine with Berth today.
 */
async function withSshEnvironment(agent: string, body: () => Promise<void>): Promise<void> {
  const saved = { DOCKER_HOST: process.env.DOCKER_HOST, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
  process.env.DOCKER_HOST = SSH_HOST;
  process.env.SSH_AUTH_SOCK = agent;
  try {
    await body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * docker-modem opens a new SSH session, and the far side a new `docker system
 * dial-stdio`, for every request, so a step that takes several requests (a
 * terminal: the shell probe, exec create, start, resize) takes seconds on a
 * loaded machine.
 */
const SSH_PATIENCE_MS = 30_000;

describe.skipIf(engineMissing('ssh'))(`this machine's docker over SSH (${engineMissing('ssh') ?? SSH_HOST})`, () => {
  // The far side is the main engine; -H because this process's DOCKER_HOST is ssh:// during the tests.
  const cli = engineCli('docker', ['-H', MAIN_ENGINE]);
  afterAll(() => sweepEngine(cli));

  it('lists, starts, reads logs and stats, opens a terminal with an ed25519 key', async () => {
    const agent = await agentWith(SSH_KEYS.ed25519);
    await withSshEnvironment(agent, () => withBerth(endpointFor(process.env), (berth) => exercise(berth, cli, SSH_PATIENCE_MS)));
  });

  // Every request is a new SSH session there (docker-modem), so the rsa key only connects and lists: the round is the same.
  it('connects and lists with an rsa key', async () => {
    const agent = await agentWith(SSH_KEYS.rsa);
    await withSshEnvironment(agent, () =>
      withBerth(endpointFor(process.env), async (berth) => {
        const id = await cli('create', '--label', TEST_LABEL_ARG, '--name', uniqueName('kinds-rsa'), TEST_IMAGE, ...IDLE);
        await waitConnected(berth.engine);
        await waitFor('the CLI-made container as a row', () => item(berth.engine, 'container', id));
      }),
    );
  });

  it('fails with a wrong key, saying authentication failed', async () => {
    const agent = await agentWith(SSH_KEYS.wrong);
    await withSshEnvironment(agent, () =>
      withBerth(endpointFor(process.env), async (berth) => {
        const error = await unavailableError(berth);
        expect(error).toContain(`Docker engine unavailable at ${SSH_HOST}`);
        expect(error).toMatch(/authentication methods failed/i);
      }),
    );
  });
});

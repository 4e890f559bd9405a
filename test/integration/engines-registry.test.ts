/**
 * Several engines at once, through Berth's whole service (the registry and
 * the dispatcher's view of it): engine A is this machine's dockerd, engine B
 * the second dockerd behind a socket proxy of the test's own, so "B goes
 * away" is closing that proxy (B itself, and everyone else's use of it, stay
 * up). Each engine's objects stay its own; B going away leaves A's list, a
 * followed log and a terminal on A working; B coming back resyncs what
 * changed meanwhile. Added engines (a socket, SSH) are kept in a real
 * settings file that a new service reads again, and removing one ends its
 * streams and every socket to it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineHandlers } from '#shared/handlers';
import type { AppStreamMessage } from '#shared/contract';
import type { ExecMessage } from '#shared/exec';
import { logStreams, type LogStreamMessage } from '#shared/logs';
import type { EngineStatus, StateMessage } from '#shared/model';
import type { EngineConfig } from '../../electron/engines/discover';
import { settingsFile } from '../../electron/engines/settings';
import { createBerthService, type BerthService } from '../../electron/service';
import { objectKey } from '../../renderer/engines/keys';
import {
  ENGINE_B_SOCKET,
  SSH_HOST,
  SSH_KEYS,
  engineCli,
  engineMissing,
  socketProxy,
  sshCommandFor,
  sweepEngine,
  withEnvironment,
  type SocketProxy,
} from '../support/engines';
import { memorySettings } from '../support/service';
import { IDLE, TEST_IMAGE, TEST_LABEL_ARG, callHandler, uniqueName, waitFor } from './helpers';

const MAIN_ENGINE = 'unix:///var/run/docker.sock';
const cliA = engineCli('docker', ['-H', MAIN_ENGINE]);
const cliB = engineCli('docker', ['-H', ENGINE_B_SOCKET]);
const FAST_RETRY = { minRetryMs: 100, maxRetryMs: 400 };

function discovered(id: string, url: string, current = false): EngineConfig {
  return { id, name: id, origin: id === 'default' ? 'default' : 'context', current, url, resolve: () => ({ url, source: id }) };
}

function handlersOf(berth: BerthService, id: string): EngineHandlers {
  const handlers = berth.service.engine(id);
  if (!handlers) throw new Error(`no engine "${id}"`);
  return handlers;
}

function statusOf(berth: BerthService, id: string): EngineStatus {
  return berth.registry.get(id)!.engine.status;
}

function containerIds(berth: BerthService, id: string): string[] {
  return berth.registry.get(id)!.engine.store.snapshot().containers.map((c) => c.id);
}

/** --network none: engine B has no bridge (its own network namespace). */
const createArgs = (name: string, command: string[] = IDLE) => ['create', '--label', TEST_LABEL_ARG, '--name', name, '--network', 'none', TEST_IMAGE, ...command];

/** Every container id a state stream has named so far (snapshot and deltas). */
function followState(handlers: EngineHandlers): { seen: Set<string>; close(): void } {
  const seen = new Set<string>();
  const note = (message: StateMessage) => {
    if (message.type === 'snapshot') for (const c of message.snapshot.containers) seen.add(c.id);
    if (message.type === 'deltas') {
      for (const delta of message.deltas) if (delta.kind === 'container') seen.add(delta.op === 'remove' ? delta.id : delta.item.id);
    }
  };
  const close = handlers.streams.state({}, { data: note, end: () => undefined, ready: () => true, onReady: () => () => undefined });
  return { seen, close };
}

/** A followed log of one container, and the lines it holds now. */
function followLog(handlers: EngineHandlers, id: string) {
  const messages: LogStreamMessage[] = [];
  let ended: unknown = false;
  const close = handlers.streams.logs(logStreams.logs.args.parse({ source: { kind: 'container', id }, options: { follow: true } }), {
    data: (m) => messages.push(m),
    end: (error) => {
      ended = error ?? true;
    },
    ready: () => true,
    onReady: () => () => undefined,
  });
  const session = () => {
    const opened = messages[0];
    if (opened?.type !== 'open') throw new Error('the log stream sent no open message');
    return opened.session;
  };
  return {
    close,
    ended: () => ended,
    has: async (text: string) => {
      const window = await callHandler(handlers, 'logs.window', { session: session(), filter: { stream: 'both' }, start: 0, count: 1000 });
      return window.lines.some((line) => line.text === text);
    },
  };
}

/** A terminal in a running container: answers `echo $((6*7))x` with 42x. */
function openTerminal(handlers: EngineHandlers, id: string) {
  const output: ExecMessage[] = [];
  let ended: unknown = false;
  const close = handlers.streams['exec.session']({ mode: 'exec', id, cols: 80, rows: 24 }, {
    data: (m) => output.push(m),
    end: (error) => {
      ended = error ?? true;
    },
    ready: () => true,
    onReady: () => () => undefined,
  });
  const started = () => {
    const message = output.find((m) => m.type === 'started');
    return message?.type === 'started' ? message.session : undefined;
  };
  return {
    close,
    ended: () => ended,
    started: (timeoutMs?: number) => waitFor('the terminal to start', started, timeoutMs),
    answers: async (tag: string, timeoutMs?: number) => {
      await callHandler(handlers, 'exec.input', { session: started()!, data: `echo ${tag}$((6 * 7))x\n` });
      await waitFor(`the shell to answer ${tag}`, () => output.some((m) => m.type === 'output' && m.data.includes(`${tag}42x`)), timeoutMs);
    },
  };
}

describe.skipIf(engineMissing('b'))(`two engines at once (A: ${MAIN_ENGINE}, B: ${engineMissing('b') ?? ENGINE_B_SOCKET} behind a proxy)`, () => {
  let proxy: SocketProxy;
  let berth: BerthService;

  beforeAll(async () => {
    proxy = socketProxy(ENGINE_B_SOCKET);
    await proxy.open();
    berth = createBerthService({
      discover: () => [discovered('default', MAIN_ENGINE, true), discovered('b', proxy.url)],
      settings: memorySettings(),
      engine: FAST_RETRY,
    });
    await waitFor('both engines to connect', () => statusOf(berth, 'default').state === 'connected' && statusOf(berth, 'b').state === 'connected', 20_000);
  });

  afterAll(async () => {
    await berth?.stop();
    await proxy?.dispose();
    await Promise.all([sweepEngine(cliA), sweepEngine(cliB)]);
  });

  it('the same container name on A and B is two objects, one in each engine', async () => {
    const name = uniqueName('twin');
    const [idA, idB] = await Promise.all([cliA(...createArgs(name)), cliB(...createArgs(name))]);
    await waitFor('the twin on A', () => containerIds(berth, 'default').includes(idA));
    await waitFor('the twin on B', () => containerIds(berth, 'b').includes(idB));
    const named = (id: string) => berth.registry.get(id)!.engine.store.snapshot().containers.filter((c) => c.name === name).map((c) => c.id);
    expect(named('default')).toEqual([idA]);
    expect(named('b')).toEqual([idB]);
    expect(objectKey('default', idA)).not.toBe(objectKey('b', idB));
  });

  it("a container made on B with the CLI reaches B's state stream, never A's", async () => {
    const onA = followState(handlersOf(berth, 'default'));
    const onB = followState(handlersOf(berth, 'b'));
    try {
      const idB = await cliB(...createArgs(uniqueName('only-b')));
      await waitFor("B's container in B's stream", () => onB.seen.has(idB));
      // A's stream has caught up past that moment: a container made on A after it has arrived there.
      const idA = await cliA(...createArgs(uniqueName('after-b')));
      await waitFor("A's later container in A's stream", () => onA.seen.has(idA));
      expect(onA.seen.has(idB)).toBe(false);
      expect(onB.seen.has(idA)).toBe(false);
    } finally {
      onA.close();
      onB.close();
    }
  });

  it("the same image on both engines is two objects", async () => {
    const imageOn = async (cli: typeof cliA) => cli('image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE);
    const [imageA, imageB] = await Promise.all([imageOn(cliA), imageOn(cliB)]);
    const images = (id: string) => berth.registry.get(id)!.engine.store.snapshot().images.map((i) => i.id);
    await waitFor('the image in both engines', () => images('default').includes(imageA) && images('b').includes(imageB));
    expect(objectKey('default', imageA)).not.toBe(objectKey('b', imageB));
  });

  it("B going away leaves A's list, a followed log and a terminal on A working; B back resyncs what changed meanwhile", async () => {
    const handlersA = handlersOf(berth, 'default');
    const loggerName = uniqueName('a-logger');
    const logger = await cliA('run', '-d', '--label', TEST_LABEL_ARG, '--name', loggerName, TEST_IMAGE, ...IDLE);
    const doomed = await cliB(...createArgs(uniqueName('doomed')));
    await waitFor('the doomed container on B', () => containerIds(berth, 'b').includes(doomed));
    await waitFor('the logger running on A', () => berth.registry.get('default')!.engine.store.get('container', logger)?.state === 'running');

    const log = followLog(handlersA, logger);
    const terminal = openTerminal(handlersA, logger);
    const statusesOfA: EngineStatus[] = [];
    const offA = berth.registry.get('default')!.engine.onStatus((status) => statusesOfA.push(status));
    // The engine list carries each engine's status: the badge of an engine the page does not follow.
    const listed: AppStreamMessage<'engines'>[] = [];
    const closeList = berth.service.streams.engines({}, { data: (m) => listed.push(m), end: () => undefined, ready: () => true, onReady: () => () => undefined });
    const listedStateOfB = () => listed.at(-1)?.statuses['b']?.state;
    try {
      expect(listedStateOfB()).toBe('connected');
      await terminal.started();
      await terminal.answers('before');

      await proxy.close();
      const down = await waitFor('B to be unavailable', () => {
        const status = statusOf(berth, 'b');
        return status.state === 'unavailable' ? status : undefined;
      });
      expect(down.error).toContain(`Docker engine unavailable at ${proxy.url}`);
      expect(listedStateOfB()).toBe('unavailable');

      // A, meanwhile: a line written now reaches the followed log, the shell answers, a new container lists.
      const line = `after B left ${loggerName}`;
      await cliA('exec', logger, 'sh', '-c', `echo '${line}' > /proc/1/fd/1`);
      await waitFor('the line written after B left', () => log.has(line));
      await terminal.answers('while-b-away');
      const lateA = await cliA(...createArgs(uniqueName('a-while-b-away')));
      await waitFor("A's new container while B is away", () => containerIds(berth, 'default').includes(lateA));

      // B changes while Berth cannot see it.
      const born = await cliB(...createArgs(uniqueName('born-while-away')));
      await cliB('rm', doomed);
      expect(statusOf(berth, 'b').state).not.toBe('connected');

      await proxy.open();
      await waitFor('B to reconnect', () => statusOf(berth, 'b').state === 'connected', 15_000);
      expect(containerIds(berth, 'b')).toContain(born);
      expect(containerIds(berth, 'b')).not.toContain(doomed);
      expect(statusesOfA).toEqual([]);
      expect(listedStateOfB()).toBe('connected');
      expect(listed.every((m) => m.statuses['default']?.state === 'connected')).toBe(true);
      expect(log.ended()).toBe(false);
      expect(terminal.ended()).toBe(false);
    } finally {
      closeList();
      offA();
      log.close();
      terminal.close();
      await berth.registry.get('default')!.exec.sessions.settled();
    }
  });

  it('removing an added engine ends its log and terminal and closes every socket to it', async () => {
    const second = socketProxy(ENGINE_B_SOCKET);
    await second.open();
    try {
      const entry = await berth.service.requests['engines.add']({ name: 'B again', connection: { url: second.url } });
      await waitFor('the added engine to connect', () => statusOf(berth, entry.id).state === 'connected', 15_000);
      const handlers = handlersOf(berth, entry.id);
      const id = await cliB('run', '-d', '--label', TEST_LABEL_ARG, '--name', uniqueName('on-added'), '--network', 'none', TEST_IMAGE, ...IDLE);
      await waitFor('its container running there', () => berth.registry.get(entry.id)!.engine.store.get('container', id)?.state === 'running');
      const log = followLog(handlers, id);
      const terminal = openTerminal(handlers, id);
      await terminal.started();
      await terminal.answers('added');
      expect(second.connections()).toBeGreaterThan(0);

      await berth.service.requests['engines.remove']({ engine: entry.id, confirmed: { name: 'B again', also: [] } });
      expect(berth.registry.list().map((e) => e.id)).not.toContain(entry.id);
      expect(berth.service.engine(entry.id)).toBeUndefined();
      expect(log.ended()).toMatchObject({ message: 'This engine is no longer open in Berth.' });
      expect(terminal.ended()).toMatchObject({ message: 'This engine is no longer open in Berth.' });
      await waitFor('no socket left to the removed engine', () => second.connections() === 0, 5_000).catch(() => {
        throw new Error(`${second.connections()} sockets to the removed engine are still open`);
      });
      // The terminal's shell ended in the engine too (it is tagged BERTH_EXEC; none is left).
      const processes = (await cliB('top', id, '-o', 'pid,args')).split('\n').map((line) => line.trim().split(/\s+/).slice(1).join(' '));
      expect(processes.filter((args) => /^(\/bin\/)?(sh|bash|ash)$/.test(args))).toEqual([]);
    } finally {
      await second.dispose();
    }
  });

  it('engines.test says who answers on a socket, and why nobody does', async () => {
    expect(await berth.service.requests['engines.test']({ connection: { url: ENGINE_B_SOCKET } })).toMatchObject({ ok: true });
    const refused = await berth.service.requests['engines.test']({ connection: { url: 'unix:///nonexistent/docker.sock' } });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Docker engine unavailable at unix:\/\/\/nonexistent\/docker.sock: .*ENOENT/) });
  });
});

describe('retry now', () => {
  it('connects an unavailable engine at once, however long its back-off, and refuses an engine Berth does not have', async () => {
    const closed = socketProxy(MAIN_ENGINE);
    // A back-off of ten minutes: only the request can bring it back within the test.
    const berth = createBerthService({ discover: () => [discovered('late', closed.url)], settings: memorySettings(), engine: { minRetryMs: 600_000, maxRetryMs: 600_000 } });
    try {
      await waitFor('the engine to be unavailable', () => statusOf(berth, 'late').state === 'unavailable', 20_000);
      await closed.open();
      expect(statusOf(berth, 'late').state).toBe('unavailable');
      expect(await berth.service.requests['engines.retry']({ engine: 'late' })).toBeNull();
      await waitFor('the engine to connect', () => statusOf(berth, 'late').state === 'connected', 20_000);
      // Connected: a retry has nothing to do and starts no other attempt.
      await berth.service.requests['engines.retry']({ engine: 'late' });
      expect(statusOf(berth, 'late').state).toBe('connected');
      await expect(berth.service.requests['engines.retry']({ engine: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      await berth.stop();
      await closed.dispose();
    }
  });
});

describe('added engines are kept in the settings file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const serviceOn = () => createBerthService({ discover: () => [], settings: settingsFile(dir), engine: FAST_RETRY });

  it('add, rename and remove survive a restart (a new service reads the file again), and no secret is written', async () => {
    const first = serviceOn();
    const tls = { ca: '/etc/berth/ca.pem', cert: '/etc/berth/cert.pem', key: '/etc/berth/key.pem', skipVerify: true };
    let entry;
    try {
      entry = await first.service.requests['engines.add']({ name: 'Far', connection: { url: 'tcp://127.0.0.1:9', tls } });
      await first.service.requests['engines.rename']({ engine: entry.id, name: 'Far away' });
    } finally {
      await first.stop();
    }
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ version: 1, engines: [{ id: entry.id, name: 'Far away', connection: { url: 'tcp://127.0.0.1:9', tls } }] });
    expect(text).not.toMatch(/BEGIN/);

    const second = serviceOn();
    try {
      expect(second.registry.list()).toEqual([{ id: entry.id, name: 'Far away', url: 'tcp://127.0.0.1:9', origin: 'added', current: false }]);
      await second.service.requests['engines.remove']({ engine: entry.id, confirmed: { name: 'Far away', also: [] } });
    } finally {
      await second.stop();
    }
    const third = serviceOn();
    try {
      expect(third.registry.list()).toEqual([]);
    } finally {
      await third.stop();
    }
  });

  it('a file Berth cannot read is set aside, not lost, and Berth starts with none', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"version": 1, "engines": [oops');
    const berth = serviceOn();
    try {
      expect(berth.registry.list()).toEqual([]);
    } finally {
      await berth.stop();
    }
    const aside = readdirSync(dir).filter((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"version": 1, "engines": [oops');
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });
});

describe.skipIf(engineMissing('ssh'))(`an SSH engine added in Berth (${engineMissing('ssh') ?? SSH_HOST})`, () => {
  afterAll(() => sweepEngine(cliA));

  for (const key of ['ed25519', 'rsa'] as const) {
    it(`with an ${key} key: engines.test answers, then it lists its containers and starts one`, async () => {
      const ssh = sshCommandFor(SSH_KEYS[key]);
      const berth = createBerthService({ discover: () => [], settings: memorySettings(), engine: FAST_RETRY });
      try {
        await withEnvironment({ BERTH_SSH_COMMAND: ssh.command }, async () => {
          expect(await berth.service.requests['engines.test']({ connection: { url: SSH_HOST } })).toMatchObject({ ok: true });
          const id = await cliA(...createArgs(uniqueName(`ssh-${key}`)));
          const entry = await berth.service.requests['engines.add']({ name: `Over SSH ${key}`, connection: { url: SSH_HOST } });
          await waitFor('its container as a row', () => berth.registry.get(entry.id)!.engine.store.get('container', id), 20_000);
          await callHandler(handlersOf(berth, entry.id), 'container.start', { id });
          await waitFor('the row to say running', () => berth.registry.get(entry.id)!.engine.store.get('container', id)?.state === 'running', 20_000);
        });
      } finally {
        await berth.stop();
        ssh.dispose();
      }
    });
  }

  it('engines.test with a wrong key says so in ssh\'s words', async () => {
    const ssh = sshCommandFor(SSH_KEYS.wrong);
    try {
      await withEnvironment({ BERTH_SSH_COMMAND: ssh.command }, async () => {
        const berth = createBerthService({ discover: () => [], settings: memorySettings() });
        try {
          const result = await berth.service.requests['engines.test']({ connection: { url: SSH_HOST } });
          expect(result).toMatchObject({ ok: false, error: expect.stringContaining('Permission denied (publickey)') });
        } finally {
          await berth.stop();
        }
      });
    } finally {
      ssh.dispose();
    }
  });
});

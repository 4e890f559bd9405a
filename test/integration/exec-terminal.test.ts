/**
 * Terminals against the real engine: the TTY size reaches the shell, its
 * exit code is reported, closing ends the process in the engine (checked with
 * the engine, not Berth's bookkeeping), an attach detaches without
 * stopping the container, and a viewer that grants no credit pauses the
 * shell without losing a byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { createDispatcher } from '../../electron/transport/dispatcher';
import { createClient, STREAM_WINDOW } from '#shared/client';
import type { ExecMessage, ExecOpen } from '#shared/exec';
import type { ServerMessage } from '#shared/protocol';
import { oneEngine, TEST_ENGINE } from '../support/service';
import { createContainer, docker, sweep, uniqueName, waitConnected, waitFor } from './helpers';

let berth: EngineService;
let running: string;

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
  running = await createContainer(uniqueName('term'));
  await docker('start', running);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
});

interface Opened {
  messages: ExecMessage[];
  output(): string;
  session(): Promise<string>;
  ended: { value: boolean; error?: unknown };
  close(): void;
}

function open(args: ExecOpen): Opened {
  const messages: ExecMessage[] = [];
  const ended: Opened['ended'] = { value: false };
  const close = berth.service.streams['exec.session'](args, {
    data: (m) => messages.push(m),
    end: (error) => {
      ended.value = true;
      ended.error = error;
    },
    ready: () => true,
    onReady: () => () => undefined,
  });
  return {
    messages,
    ended,
    close,
    output: () => messages.map((m) => (m.type === 'output' ? m.data : '')).join(''),
    session: () =>
      waitFor('the session to start', () => {
        const started = messages.find((m) => m.type === 'started');
        return started?.type === 'started' && started.session;
      }),
  };
}

const input = (session: string, data: string) => berth.service.requests['exec.input']({ session, data });

/** Processes in the container whose command is exactly `cmd` (from `docker top`, i.e. the engine). */
async function processesNamed(id: string, cmd: string): Promise<number> {
  const top = await docker('top', id, '-o', 'pid,args');
  return top.split('\n').slice(1).filter((line) => line.trim().split(/\s+/).slice(1).join(' ') === cmd).length;
}

async function runningExecs(id: string): Promise<number> {
  const ids = JSON.parse(await docker('inspect', '--format', '{{json .ExecIDs}}', id)) as string[] | null;
  let count = 0;
  for (const exec of ids ?? []) {
    const json = await fetchExec(exec);
    if (json?.Running) count++;
  }
  return count;
}

async function fetchExec(exec: string): Promise<{ Running: boolean } | null> {
  const docker = berth.engine.client();
  return (await docker.getExec(exec).inspect().catch(() => null)) as { Running: boolean } | null;
}

describe('exec terminal', () => {
  it('finds the shells the container has, in order of preference', async () => {
    const found = await berth.service.requests['exec.shells']({ id: running });
    // The busybox test image has sh and ash, no bash.
    expect(found.shells).toEqual(['sh', 'ash']);
    expect(found.preferred).toBe('sh');
  });

  it('sizes the TTY and follows every resize (stty size inside agrees)', async () => {
    const t = open({ mode: 'exec', id: running, cols: 80, rows: 24 });
    const session = await t.session();
    expect(t.messages[0]).toMatchObject({ type: 'started', shell: 'sh' });
    await input(session, 'stty size\n');
    await waitFor('24 80', () => t.output().includes('24 80'));
    await berth.service.requests['exec.resize']({ session, cols: 101, rows: 33 });
    await input(session, 'stty size\n');
    await waitFor('33 101', () => t.output().includes('33 101'));
    t.close();
    await berth.exec.sessions.settled();
  });

  it('uses the chosen shell, user and working directory', async () => {
    const t = open({ mode: 'exec', id: running, shell: 'ash', user: 'nobody', workdir: '/tmp', cols: 80, rows: 24 });
    const session = await t.session();
    expect(t.messages[0]).toMatchObject({ type: 'started', shell: 'ash' });
    await input(session, 'echo "[$(id -un)@$(pwd)]"\n');
    await waitFor('nobody in /tmp', () => t.output().includes('[nobody@/tmp]'));
    t.close();
    await berth.exec.sessions.settled();
  });

  it('decodes multibyte characters split across chunks', async () => {
    const t = open({ mode: 'exec', id: running, cols: 80, rows: 24 });
    const session = await t.session();
    await input(session, 'printf "\\342\\202"; sleep 0.2; printf "\\254 ünï €\\n"\n');
    await waitFor('the euro sign', () => t.output().includes('€ ünï €'));
    expect(t.output()).not.toContain('\uFFFD');
    t.close();
    await berth.exec.sessions.settled();
  });

  it('reports the exit code when the shell exits', async () => {
    const t = open({ mode: 'exec', id: running, cols: 80, rows: 24 });
    const session = await t.session();
    await input(session, 'exit 7\n');
    await waitFor('the stream to end', () => t.ended.value);
    expect(t.messages.at(-1)).toEqual({ type: 'exited', code: 7 });
    await expect(input(session, 'echo\n')).rejects.toThrow(/ended/);
  });

  it('closing ends the process in the engine, even with a job running in it', async () => {
    const before = await processesNamed(running, 'sleep 3600');
    const t = open({ mode: 'exec', id: running, cols: 80, rows: 24 });
    const session = await t.session();
    await input(session, 'sleep 3600 &\nsleep 3601\n');
    await waitFor('sleeps running', async () => (await processesNamed(running, 'sleep 3601')) === 1);
    t.close();
    await berth.exec.sessions.settled();
    expect(await runningExecs(running)).toBe(0);
    expect(await processesNamed(running, 'sleep 3601')).toBe(0);
    expect(await processesNamed(running, 'sleep 3600')).toBe(before);
    expect(berth.exec.sessions.count()).toBe(0);
  });

  it('says the session ended when the container stops', async () => {
    const id = await createContainer(uniqueName('term-stop'));
    await docker('start', id);
    const t = open({ mode: 'exec', id, cols: 80, rows: 24 });
    await t.session();
    await docker('stop', '-t', '0', id);
    await waitFor('the stream to end', () => t.ended.value, 15_000);
    expect(t.messages.at(-1)).toEqual({ type: 'ended', reason: 'The container stopped; this session ended.' });
  });

  it('refuses a stopped container with a clear message', async () => {
    const id = await createContainer(uniqueName('term-created'));
    const t = open({ mode: 'exec', id, cols: 80, rows: 24 });
    await waitFor('the stream to end', () => t.ended.value);
    expect(String((t.ended.error as Error).message)).toMatch(/is not running: start it to open a terminal/);
  });
});

describe('a terminal whose viewer is busy', () => {
  it('pauses the shell while the viewer grants no credit, then delivers every byte in order', async () => {
    // Through the dispatcher and the client, as a renderer sees it; each message arrives a turn later, as JSON.
    let deliver: (message: unknown) => void = () => undefined;
    let busy = false;
    const held: unknown[] = [];
    let sentData = 0;
    const dispatcher = createDispatcher(oneEngine(berth.service), {
      send: (message: ServerMessage) => {
        if (message.type === 'data') sentData++;
        const copy: unknown = JSON.parse(JSON.stringify(message));
        setImmediate(() => (busy ? held.push(copy) : deliver(copy)));
      },
    });
    const client = createClient({
      send: (message) => setImmediate(() => dispatcher.receive(JSON.parse(JSON.stringify(message)))),
      onMessage: (listener) => {
        deliver = listener;
      },
    }).engine(TEST_ENGINE);
    const messages: ExecMessage[] = [];
    const close = client.listen('exec.session', { mode: 'exec', id: running, cols: 80, rows: 24 }, { onData: (m) => messages.push(m) });
    const output = () => messages.map((m) => (m.type === 'output' ? m.data : '')).join('');
    try {
      const started = await waitFor('the session to start', () => messages.find((m) => m.type === 'started'));
      if (started.type !== 'started') throw new Error('not started');
      busy = true;
      // About 2 MB: far more than the pipes between the shell and main hold. In a child
      // shell, so that the engine lists it (busybox's sh runs seq itself, without a fork).
      const lines = 300_000;
      const command = `sh -c seq\\ 1\\ ${lines}`;
      await input(started.session, `${command}; echo "E""OF"\n`);
      // The window is spent (started and the output before took their part of it)…
      await waitFor('the window to be spent', () => sentData >= STREAM_WINDOW, 20_000);
      // …and seq, still running, is held on a full pipe: the engine's stream is paused, not read into a
      // queue. Asked twice, so that a main that kept reading would have sent more in between.
      for (const look of ['first', 'second']) {
        expect(await processesNamed(running, `sh -c seq 1 ${lines}`), look).toBe(1);
        expect(sentData, look).toBe(STREAM_WINDOW);
      }

      busy = false;
      for (const message of held.splice(0)) deliver(message);
      await waitFor('the end of the output', () => output().includes('EOF'), 30_000);
      // The first number follows the prompt on its line.
      const numbers = output().split('\r\n').map((line) => line.replace(/^.*# /, '')).filter((line) => /^\d+$/.test(line));
      expect(numbers).toHaveLength(lines);
      expect(numbers.every((n, i) => Number(n) === i + 1)).toBe(true);
    } finally {
      close();
      await berth.exec.sessions.settled();
      dispatcher.close();
    }
  });
});

describe('attach', () => {
  it('attaches to a TTY container and detaches without stopping it', async () => {
    const id = await createContainer(uniqueName('attach'), ['-i', '-t'], ['sh']);
    await docker('start', id);
    const t = open({ mode: 'attach', id, cols: 90, rows: 30 });
    const session = await t.session();
    expect(t.messages[0]).toMatchObject({ type: 'started', shell: null });
    await input(session, 'echo attached-$((2+3))\n');
    await waitFor('the echo', () => t.output().includes('attached-5'));
    await input(session, 'stty size\n');
    await waitFor('30 90', () => t.output().includes('30 90'));
    t.close();
    await berth.exec.sessions.settled();
    // The engine sends no event for a detach, so ask the shell itself: attached again, the
    // container's own shell (pid 1, the one the first attach talked to) still answers.
    const again = open({ mode: 'attach', id, cols: 90, rows: 30 });
    const s2 = await again.session();
    await input(s2, 'echo still-$((4*4))-pid-$$\n');
    await waitFor('the echo', () => again.output().includes('still-16-pid-1'));
    again.close();
    await berth.exec.sessions.settled();
    // And after the second detach too.
    const third = open({ mode: 'attach', id, cols: 90, rows: 30 });
    const s3 = await third.session();
    await input(s3, 'echo third-$((5*5))-pid-$$\n');
    await waitFor('the echo', () => third.output().includes('third-25-pid-1'));
    third.close();
    await berth.exec.sessions.settled();
    expect(await docker('inspect', '--format', '{{.State.Running}}', id)).toBe('true');
  });

  it('refuses to attach to a container without a TTY', async () => {
    const t = open({ mode: 'attach', id: running, cols: 80, rows: 24 });
    await waitFor('the stream to end', () => t.ended.value);
    expect(String((t.ended.error as Error).message)).toMatch(/not started with a TTY/);
  });
});

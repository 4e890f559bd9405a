/**
 * Credit-based flow control, end to end over both transports: the IPC
 * binding's logic (senders.ts) over a MessageChannel, and the WebSocket
 * binding (ws.ts) with the renderer's socket port. A renderer whose main
 * thread is busy is one whose messages wait undelivered: the gate below
 * holds them, as the renderer's queue would, and counts what main sent.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createClient, STREAM_WINDOW, type ClosablePort } from '#shared/client';
import { requests, streams } from '#shared/contract';
import type { EngineHandlers, Service } from '#shared/handlers';
import type { Container, Delta, StateMessage } from '#shared/model';
import { MAX_CREDIT, type ServerMessage } from '#shared/protocol';
import { Engine } from '../../electron/engine/engine';
import { openStateStream } from '../../electron/engine/state-stream';
import { createBerthService } from '../../electron/service';
import { createDispatcher } from '../../electron/transport/dispatcher';
import { createSenderDispatchers } from '../../electron/transport/senders';
import { bindWebSocket } from '../../electron/transport/ws';
import { createSocketPort, type SocketLike } from '../../renderer/transport/socketPort';
import { memorySettings, oneEngine, TEST_ENGINE } from '../support/service';

const OBJECTS = 100;
const UPSERTS = 10_000;

function containerNamed(n: number, version: number): Container {
  return {
    id: `c${n}`, name: `web-${n}`, image: 'busybox', imageId: 'sha256:i', command: 'sh', state: 'running', status: `Up, change ${version}`,
    health: null, exitCode: null, created: 1, startedAt: 2, finishedAt: null, ports: [], labels: {}, mounts: [], networks: [],
  };
}

/** An engine that is never started: its store is real, and the test writes to it as events would. */
function quietEngine(): Engine {
  return new Engine({ resolveEndpoint: () => ({ url: 'unix:///nonexistent/berth-flow.sock', source: 'default' }) });
}

/** The engine's state stream and nothing else; `engine.metrics` answers, so a call can mark a point in the message order. */
function stateService(engine: Engine): Service {
  const idle = Object.fromEntries(Object.keys(streams).map((name) => [name, () => () => undefined])) as unknown as EngineHandlers['streams'];
  const none = Object.fromEntries(Object.keys(requests).map((name) => [name, () => Promise.reject(new Error('not in this test'))])) as unknown as EngineHandlers['requests'];
  return oneEngine({
    requests: { ...none, 'engine.metrics': async () => engine.metrics() },
    streams: { ...idle, state: (_args, sink) => openStateStream(engine, sink) },
  });
}

/** 10,000 upserts of 100 objects, 100 to a turn of the event loop (as a storm of events would come). */
async function storm(engine: Engine): Promise<void> {
  for (let i = 0; i < UPSERTS; i++) {
    engine.store.upsert('container', containerNamed(i % OBJECTS, i));
    if (i % OBJECTS === OBJECTS - 1) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The renderer's side of one connection: everything that arrived (busy or not), and the gate of its main thread. */
interface Renderer {
  port: ClosablePort;
  /** Every message as it arrived, before the gate. */
  arrived: ServerMessage[];
  /** While busy nothing reaches the client: no handler runs, so no credit is granted. */
  busy(): void;
  free(): void;
  /** Waits until a message that matches has arrived (a fact of the wire, not a delay). */
  until(match: (message: ServerMessage) => boolean): Promise<void>;
  close(): Promise<void>;
}

function gated(inner: ClosablePort, closeInner: () => Promise<void>): Renderer {
  const arrived: ServerMessage[] = [];
  const held: unknown[] = [];
  const waiters: { match: (m: ServerMessage) => boolean; resolve: () => void }[] = [];
  let listener: (message: unknown) => void = () => undefined;
  let isBusy = false;
  inner.onMessage((message) => {
    arrived.push(message as ServerMessage);
    for (const waiter of [...waiters]) {
      if (waiter.match(message as ServerMessage)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (isBusy) held.push(message);
    else listener(message);
  });
  return {
    port: {
      send: (message) => inner.send(message),
      onMessage: (l) => {
        listener = l;
      },
      onClose: (l) => inner.onClose?.(l),
    },
    arrived,
    busy: () => {
      isBusy = true;
    },
    free: () => {
      isBusy = false;
      for (const message of held.splice(0)) listener(message);
    },
    until: (match) =>
      arrived.some(match) ? Promise.resolve() : new Promise((resolve) => waiters.push({ match, resolve })),
    close: closeInner,
  };
}

/** Electron's binding without Electron: the per-sender dispatchers, the page's end of a MessageChannel as the sender. */
async function overIpc(service: Service): Promise<Renderer> {
  const { port1: main, port2: page } = new MessageChannel();
  const senders = createSenderDispatchers<MessagePort>(service, (port) => ({
    send: (message) => port.postMessage(message),
    watch: (gone) => void port.on('close', gone),
  }));
  main.on('message', (raw: unknown) => senders.receive(main, raw));
  const port: ClosablePort = {
    send: (message) => page.postMessage(message),
    onMessage: (listener) => void page.on('message', listener),
  };
  return gated(port, async () => {
    page.close();
    await once(main, 'close');
    expect(senders.count()).toBe(0);
  });
}

/** The browser's binding: a real WebSocket server with ws.ts, the renderer's reconnecting port as the client. */
async function overWebSocket(service: Service): Promise<Renderer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => bindWebSocket(socket, service));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: WebSocket[] = [];
  const port = createSocketPort({
    connect: () => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      // ws's client has the DOM socket's shape (readyState, send, close, on* handlers; text frames arrive as strings).
      return socket as unknown as SocketLike;
    },
    setTimer: () => undefined, // a test's socket is not reconnected
  });
  return gated(port, async () => {
    for (const client of server.clients) client.terminate();
    for (const socket of sockets) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
}

/** The containers as a client that applies the state stream sees them. */
function view(): { onData(message: StateMessage): void; containers: Map<string, Container>; messages: StateMessage[] } {
  const containers = new Map<string, Container>();
  const messages: StateMessage[] = [];
  return {
    containers,
    messages,
    onData(message) {
      messages.push(message);
      if (message.type === 'snapshot') for (const c of message.snapshot.containers) containers.set(c.id, c);
      if (message.type !== 'deltas') return;
      for (const delta of message.deltas) {
        if (delta.kind !== 'container') continue;
        if (delta.op === 'remove') containers.delete(delta.id);
        else containers.set(delta.item.id, delta.item);
      }
    },
  };
}

/** The id a fresh client gives its first stream. */
const FIRST_STREAM = 1;
const dataOf = (renderer: Renderer, id: number) => renderer.arrived.filter((m) => m.type === 'data' && m.id === id);
const latestOf = (engine: Engine) => new Map(engine.store.snapshot().containers.map((c) => [c.id, c]));

const open: Renderer[] = [];
afterEach(async () => {
  for (const renderer of open.splice(0)) await renderer.close();
});

describe.each([
  ['IPC (MessageChannel)', overIpc],
  ['WebSocket', overWebSocket],
])('flow control over %s', (_name, connect) => {
  it('a busy renderer gets at most the window, then the latest state of each object', async () => {
    const engine = quietEngine();
    const renderer = await connect(stateService(engine));
    open.push(renderer);
    const berth = createClient(renderer.port);
    const client = berth.engine(TEST_ENGINE);
    const seen = view();
    client.listen('state', {}, seen);
    await renderer.until((m) => m.type === 'data');
    expect(seen.messages.map((m) => m.type)).toEqual(['snapshot']);

    renderer.busy();
    await storm(engine);
    // A call after the storm: its answer leaves main after everything main sent for the storm.
    void client.call('engine.metrics', {});
    await renderer.until((m) => m.type === 'result');
    const whileBusy = dataOf(renderer, FIRST_STREAM).length - 1;
    // 100 turns of changes, yet main stopped when the window was spent (the snapshot took one of it).
    expect(whileBusy).toBeGreaterThan(0);
    expect(whileBusy).toBeLessThanOrEqual(STREAM_WINDOW - 1);

    renderer.free();
    await expect.poll(() => seen.containers, { timeout: 10_000 }).toEqual(latestOf(engine));
    // What the credit bought after the busy spell: one message with the latest of each object, not the queue of the changes in between.
    const after = seen.messages.slice(1 + whileBusy);
    expect(after).toHaveLength(1);
    const deltas = after.flatMap((m) => (m.type === 'deltas' ? m.deltas : []));
    expect(deltas.length).toBeLessThanOrEqual(OBJECTS);
    expect(new Set(deltas.map((d: Delta) => (d.op === 'remove' ? d.id : d.item.id))).size).toBe(deltas.length);
  });

  it('a stream with no credit never holds back another stream on the same connection', async () => {
    const engine = quietEngine();
    const renderer = await connect(stateService(engine));
    open.push(renderer);
    const client = createClient(renderer.port).engine(TEST_ENGINE);
    const seen = view();
    client.listen('state', {}, seen);
    // A second state stream, opened by hand and never granted anything.
    const starved = 1_000_000;
    renderer.port.send({ type: 'listen', id: starved, engine: TEST_ENGINE, name: 'state', args: {} });
    await renderer.until((m) => m.type === 'data' && m.id === starved);

    await storm(engine);
    await expect.poll(() => seen.containers, { timeout: 10_000 }).toEqual(latestOf(engine));
    void client.call('engine.metrics', {});
    await renderer.until((m) => m.type === 'result');
    expect(dataOf(renderer, starved)).toHaveLength(1); // its snapshot, nothing more

    // Credit at last (a window: the snapshot went out on none and is paid for first): the latest of each object, in one message.
    renderer.port.send({ type: 'credit', id: starved, messages: STREAM_WINDOW });
    await renderer.until((m) => m.type === 'data' && m.id === starved && (m.data as StateMessage).type === 'deltas');
    const [, caughtUp] = dataOf(renderer, starved);
    const deltas = caughtUp?.type === 'data' ? (caughtUp.data as Extract<StateMessage, { type: 'deltas' }>).deltas : [];
    expect(deltas).toHaveLength(OBJECTS);
    expect(new Map(deltas.map((d) => [d.op === 'remove' ? d.id : d.item.id, d.op === 'upsert' ? d.item : undefined]))).toEqual(latestOf(engine));
  });
});

describe('a transport whose buffer is full', () => {
  it('holds a stream back, credit or not, until it drains', async () => {
    const engine = quietEngine();
    const sent: ServerMessage[] = [];
    let full = false;
    let drained: () => void = () => undefined;
    const dispatcher = createDispatcher(stateService(engine), {
      send: (message) => void sent.push(message),
      buffer: { full: () => full, onDrain: (listener) => (drained = listener) },
    });
    dispatcher.receive({ type: 'listen', id: 1, engine: TEST_ENGINE, name: 'state', args: {} });
    dispatcher.receive({ type: 'credit', id: 1, messages: STREAM_WINDOW });
    expect(sent.map((m) => m.type)).toEqual(['data']); // the snapshot

    full = true;
    await storm(engine);
    expect(sent).toHaveLength(1);

    full = false;
    drained();
    expect(sent).toHaveLength(2);
    const deltas = sent[1]?.type === 'data' ? (sent[1].data as Extract<StateMessage, { type: 'deltas' }>).deltas : [];
    expect(deltas).toHaveLength(OBJECTS);
    dispatcher.close();
  });
});

describe('a grant of credit', () => {
  it('is checked like every message: none, a negative, a fraction or more than MAX_CREDIT grants nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const engine = quietEngine();
      const sent: ServerMessage[] = [];
      const dispatcher = createDispatcher(stateService(engine), { send: (message) => void sent.push(message) });
      dispatcher.receive({ type: 'listen', id: 1, engine: TEST_ENGINE, name: 'state', args: {} });
      for (const messages of [0, -5, 1.5, MAX_CREDIT + 1, '32']) dispatcher.receive({ type: 'credit', id: 1, messages });
      dispatcher.receive({ type: 'credit', id: 2, messages: 32 }); // no such stream: nobody's
      await storm(engine);
      expect(sent).toHaveLength(1); // the snapshot only
      dispatcher.receive({ type: 'credit', id: 1, messages: 2 }); // pays for the snapshot, and one more
      expect(sent).toHaveLength(2);
      expect(warn).toHaveBeenCalledWith('berth: dropped a malformed message from the renderer');
      dispatcher.close();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the engine list without credit', () => {
  it('sends only the latest whole list once the viewer has credit again', async () => {
    const berth = createBerthService({ discover: () => [], settings: memorySettings(), engine: { minRetryMs: 600_000, maxRetryMs: 600_000 } });
    const sent: number[] = [];
    let ready = false;
    let granted: (() => void) | undefined;
    const close = berth.service.streams.engines(
      {},
      { data: ({ engines }) => sent.push(engines.length), end: () => undefined, ready: () => ready, onReady: (listener) => ((granted = listener), () => (granted = undefined)) },
    );
    try {
      expect(sent).toEqual([0]); // the first list goes out whatever the credit
      for (const n of [1, 2, 3]) await berth.service.requests['engines.add']({ name: `nowhere ${n}`, connection: { url: `unix:///nonexistent/berth-${n}.sock` } });
      expect(sent).toEqual([0]);
      ready = true;
      granted?.();
      expect(sent).toEqual([0, 3]);
      granted?.();
      expect(sent).toEqual([0, 3]); // nothing new: nothing sent
    } finally {
      close();
      await berth.stop();
    }
  });
});

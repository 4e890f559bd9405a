/**
 * The typed client and the dispatcher, joined by an in-memory port: what one
 * side sends, the other validates and understands. Both transports are thin
 * wrappers of exactly this.
 */
import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type StreamSink } from '../../electron/transport/dispatcher';
import { createClient, type BerthClient, type EngineClient, type InvalidMessage } from '#shared/client';
import type { EngineHandlers, Service } from '#shared/handlers';
import { oneEngine, TEST_ENGINE } from '../support/service';
import { requests, streams } from '#shared/contract';
import type { Container, Image, StateMessage } from '#shared/model';
import { RemoteError, type ClientMessage } from '#shared/protocol';

const container: Container = {
  id: 'c1', name: 'web-1', image: 'nginx', imageId: 'sha256:i', command: 'nginx', state: 'running', status: 'Up',
  health: null, exitCode: null, created: 1, startedAt: 2, finishedAt: null, ports: [], labels: {}, mounts: [], networks: [],
};
const image: Image = { id: 'sha256:i', tags: ['nginx:latest'], digests: [], size: 1, created: 1, labels: {} };

interface Wired {
  berth: BerthClient;
  /** The client of the one engine. */
  client: EngineClient;
  raw(msg: unknown): void;
  dispatcher: ReturnType<typeof createDispatcher>;
  invalid: InvalidMessage[];
}

function wire(service: Service): Wired {
  const invalid: InvalidMessage[] = [];
  let deliver: (msg: unknown) => void = () => undefined;
  const dispatcher = createDispatcher(service, {
    // JSON on the way, as on a real wire.
    send: (msg) => queueMicrotask(() => deliver(JSON.parse(JSON.stringify(msg)))),
  });
  const client = createClient({
    send: (msg: ClientMessage) => queueMicrotask(() => dispatcher.receive(JSON.parse(JSON.stringify(msg)))),
    onMessage: (listener) => {
      deliver = listener;
    },
  }, { onInvalid: (found) => invalid.push(found) });
  return { berth: client, client: client.engine(TEST_ENGINE), raw: (msg) => dispatcher.receive(msg), dispatcher, invalid };
}

/** The service of `service()`, for a test that talks to the dispatcher directly. */
const dispatcherService = (): Service => service();

function service(overrides: Partial<EngineHandlers['requests']> = {}, onState?: (sink: StreamSink<StateMessage>) => () => void): Service {
  const fail = async (): Promise<never> => {
    throw new Error('not in this test');
  };
  // Every request of the contract fails unless the test says otherwise (features add requests; this stays whole).
  const failing = Object.fromEntries(Object.keys(requests).map((name) => [name, fail])) as unknown as EngineHandlers['requests'];
  const idle = Object.fromEntries(Object.keys(streams).map((name) => [name, () => () => undefined])) as unknown as EngineHandlers['streams'];
  return oneEngine({
    requests: {
      ...failing,
      'engine.metrics': async () => ({ lists: 4, inspects: 0, events: 0, connects: 1 }),
      ...overrides,
    },
    streams: { ...idle, state: (_args, sink) => onState?.(sink) ?? (() => undefined) },
  });
}

describe('client ↔ dispatcher', () => {
  it('calls and gets a checked result', async () => {
    const { client } = wire(service());
    await expect(client.call('engine.metrics', {})).resolves.toEqual({ lists: 4, inspects: 0, events: 0, connects: 1 });
  });

  it('applies argument defaults before the handler runs, and refuses bad arguments', async () => {
    let seen: unknown;
    const { client } = wire(service({ 'container.remove': async (args) => ((seen = args), null) }));
    await client.call('container.remove', { id: 'web-1', confirmed: { name: 'web-1' } });
    expect(seen).toEqual({ id: 'web-1', force: false, volumes: false, confirmed: { name: 'web-1', also: [] } });
    const bad = client.call('container.remove', { id: '-rf /', confirmed: { name: 'web-1' } });
    await expect(bad).rejects.toBeInstanceOf(RemoteError);
    await expect(bad).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('passes a RemoteError through and hides any other error', async () => {
    const { client } = wire(
      service({
        'container.start': async () => {
          throw new RemoteError({ code: 'conflict', message: 'Could not start web-1: port is already allocated' });
        },
        'container.stop': async () => {
          throw new Error('/secret/path exploded');
        },
      }),
    );
    await expect(client.call('container.start', { id: 'web-1' })).rejects.toMatchObject({ code: 'conflict', message: 'Could not start web-1: port is already allocated' });
    const hidden = client.call('container.stop', { id: 'web-1' });
    await expect(hidden).rejects.toMatchObject({ code: 'internal' });
    await expect(hidden).rejects.not.toThrow('/secret/path');
  });

  it('streams snapshot and deltas of every kind, and disposing reaches the handler', async () => {
    let disposed = false;
    let sink: StreamSink<StateMessage> | undefined;
    const { client, dispatcher } = wire(
      service({}, (s) => {
        sink = s;
        return () => (disposed = true);
      }),
    );
    const got: StateMessage[] = [];
    const close = client.listen('state', {}, { onData: (m) => got.push(m) });
    await new Promise((r) => setTimeout(r, 0));
    sink?.data({
      type: 'deltas',
      deltas: [
        { op: 'upsert', kind: 'container', item: container },
        { op: 'upsert', kind: 'image', item: image },
        { op: 'remove', kind: 'volume', id: 'v' },
      ],
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ type: 'deltas', deltas: [{ item: { name: 'web-1' } }, { item: { tags: ['nginx:latest'] } }, { id: 'v' }] });
    expect(dispatcher.openStreams()).toBe(1);
    close();
    await new Promise((r) => setTimeout(r, 0));
    expect(disposed).toBe(true);
    expect(dispatcher.openStreams()).toBe(0);
  });

  it('closes every stream of a connection that goes away', () => {
    let disposed = 0;
    const { raw, dispatcher } = wire(service({}, () => () => disposed++));
    raw({ type: 'listen', id: 1, engine: TEST_ENGINE, name: 'state', args: {} });
    raw({ type: 'listen', id: 2, engine: TEST_ENGINE, name: 'state', args: {} });
    raw({ type: 'listen', id: 2, engine: TEST_ENGINE, name: 'state', args: {} }); // a reused id is refused, not leaked
    expect(dispatcher.openStreams()).toBe(2);
    dispatcher.close();
    expect(disposed).toBe(2);
  });

  it('runs a post with checked arguments and sends nothing back, even when it fails', async () => {
    const seen: unknown[] = [];
    const sent: unknown[] = [];
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const dispatcher = createDispatcher(
      service({
        'container.start': async (args) => {
          seen.push(args);
          throw new RemoteError({ code: 'conflict', message: 'web-1 is gone' });
        },
      }),
      { send: (msg) => sent.push(msg) },
    );
    const client = createClient({
      send: (msg: ClientMessage) => dispatcher.receive(JSON.parse(JSON.stringify(msg))),
      onMessage: () => undefined,
    }).engine(TEST_ENGINE);
    client.post('container.start', { id: 'web-1' });
    client.post('container.start', { id: '-rf /' });
    dispatcher.receive({ type: 'post', name: 'no.such.request', args: {} });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([{ id: 'web-1' }]);
    expect(sent).toEqual([]);
    const logged = warnings.mock.calls.map((call) => String(call[0]));
    expect(logged).toHaveLength(3);
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.stringContaining('post of container.start failed: web-1 is gone'),
        expect.stringContaining('dropped a post of container.start'),
        expect.stringContaining('Unknown request: no.such.request'),
      ]),
    );
    warnings.mockRestore();
  });

  it('routes each request to the engine its envelope names, and refuses a missing, unknown or misplaced engine', async () => {
    const { berth, raw, dispatcher } = wire(service());
    await expect(berth.engine(TEST_ENGINE).call('engine.metrics', {})).resolves.toMatchObject({ lists: 4 });
    await expect(berth.engine('elsewhere').call('engine.metrics', {})).rejects.toMatchObject({ code: 'not-found', message: 'Berth has no engine "elsewhere"' });
    await expect(berth.engine('../etc').call('engine.metrics', {})).rejects.toMatchObject({ code: 'bad-request' });
    const answers: unknown[] = [];
    const probe = createDispatcher(dispatcherService(), { send: (m) => answers.push(m) });
    probe.receive({ type: 'call', id: 1, name: 'engine.metrics', args: {} });
    probe.receive({ type: 'call', id: 2, engine: TEST_ENGINE, name: 'engines.rename', args: { engine: 'x', name: 'y' } });
    probe.receive({ type: 'listen', id: 3, name: 'state', args: {} });
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    expect(answers).toEqual([
      { type: 'result', id: 1, ok: false, error: { code: 'bad-request', message: 'The request engine.metrics must name its engine' } },
      { type: 'result', id: 2, ok: false, error: { code: 'bad-request', message: 'The request engines.rename names no engine' } },
      { type: 'end', id: 3, error: { code: 'bad-request', message: 'The stream state must name its engine' } },
    ]);
    // Berth's own stream needs no engine.
    const lists: unknown[] = [];
    const close = berth.listen('engines', {}, { onData: (m) => lists.push(m) });
    await vi.waitFor(() => expect(lists).toEqual([{ engines: [], statuses: {} }]));
    expect(dispatcher.openStreams()).toBe(1);
    close();
    raw({ type: 'dispose', id: 999 });
    await vi.waitFor(() => expect(dispatcher.openStreams()).toBe(0));
  });

  it('reports a stream message that fails validation instead of dropping it silently', async () => {
    let sink: StreamSink<StateMessage> | undefined;
    const { client, invalid } = wire(service({}, (s) => ((sink = s), () => undefined)));
    const got: StateMessage[] = [];
    client.listen('state', {}, { onData: (m) => got.push(m) });
    await vi.waitFor(() => expect(sink).toBeDefined());
    sink?.data({ type: 'deltas', deltas: [{ op: 'upsert', kind: 'container', item: { id: 'half a container' } }] } as unknown as StateMessage);
    await vi.waitFor(() => expect(invalid).toHaveLength(1));
    expect(got).toEqual([]);
    expect(invalid[0]).toMatchObject({ stream: 'state', engine: TEST_ENGINE });
  });

  it('ignores malformed messages without throwing', () => {
    const { raw } = wire(service());
    for (const junk of [null, 42, 'x', { type: 'call' }, { type: 'call', id: -1, name: 'a' }, { type: 'listen', id: 1, name: 'nope' }]) {
      expect(() => raw(junk)).not.toThrow();
    }
  });
});

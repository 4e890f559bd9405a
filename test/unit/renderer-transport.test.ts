import { describe, expect, it } from 'vitest';
import { createClient } from '#shared/client';
import type { RemoteError } from '#shared/protocol';
import { createSocketPort, reconnectDelay, type PortEvent, type SocketLike } from '../../renderer/transport/socketPort';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(data: unknown): void {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const events: PortEvent[] = [];
  const port = createSocketPort({
    connect: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    onEvent: (event) => events.push(event),
    setTimer: (run, ms) => timers.push({ run, ms }),
  });
  return { port, sockets, timers, events, socket: (i: number) => sockets[i] ?? new FakeSocket() };
}

describe('reconnectDelay', () => {
  it('starts at 250 ms, doubles, and stops at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(reconnectDelay)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
});

describe('createSocketPort', () => {
  it('queues messages until the socket opens, then sends them in order as JSON', () => {
    const { port, socket } = setup();
    port.send({ type: 'call', id: 1, name: 'engine.info', args: {} });
    port.send({ type: 'dispose', id: 2 });
    expect(socket(0).sent).toEqual([]);
    socket(0).open();
    expect(socket(0).sent.map((s) => JSON.parse(s) as unknown)).toEqual([
      { type: 'call', id: 1, name: 'engine.info', args: {} },
      { type: 'dispose', id: 2 },
    ]);
    port.send({ type: 'dispose', id: 3 });
    expect(socket(0).sent.length).toBe(3);
  });

  it('fails calls in flight when the socket drops, then reconnects with back-off', async () => {
    const { port, sockets, timers, events, socket } = setup();
    const client = createClient(port).engine('default');
    socket(0).open();
    const call = client.call('engine.metrics', {});
    socket(0).drop();
    await expect(call).rejects.toMatchObject({ code: 'unavailable' });
    expect(timers.map((t) => t.ms)).toEqual([250]);

    timers[0]?.run();
    expect(sockets.length).toBe(2);
    socket(1).drop(); // never opened: the next wait is longer
    expect(timers.map((t) => t.ms)).toEqual([250, 500]);
    timers[1]?.run();
    socket(2).open();
    socket(2).drop(); // a successful open resets the back-off
    expect(timers.map((t) => t.ms)).toEqual([250, 500, 250]);
    expect(events.map((e) => e.type)).toEqual([
      'connecting', 'open', 'closed', 'connecting', 'closed', 'connecting', 'open', 'closed',
    ]);
  });

  it('never sends to a new socket what was queued for a dead one', () => {
    const { port, timers, socket } = setup();
    const client = createClient(port).engine('default');
    const ended: (RemoteError | undefined)[] = [];
    client.listen('state', {}, { onData: () => {}, onEnd: (error) => ended.push(error) });
    socket(0).drop();
    expect(ended.map((e) => e?.code)).toEqual(['unavailable']);
    timers[0]?.run();
    socket(1).open();
    expect(socket(1).sent).toEqual([]);
  });

  it('passes parsed messages to the client and ignores frames that are not JSON', async () => {
    const { port, socket } = setup();
    const client = createClient(port).engine('default');
    socket(0).open();
    const call = client.call('engine.metrics', {});
    socket(0).onmessage?.({ data: 'not json' } as MessageEvent);
    socket(0).receive({ type: 'result', id: 1, ok: true, value: { lists: 1, inspects: 2, events: 3, connects: 1 } });
    await expect(call).resolves.toEqual({ lists: 1, inspects: 2, events: 3, connects: 1 });
  });
});

/**
 * A ClosablePort over a WebSocket that reconnects by itself. JSON text frames
 * carry the protocol's messages. What is sent while the socket is not open
 * waits in a queue; when a socket closes, that queue is dropped and the
 * client is told (its calls fail and its streams end with `unavailable`, so
 * the state stream reopens on the next socket with a fresh snapshot). A
 * message queued for a dead socket must never reach the next one: the server
 * would open a stream nobody is listening to.
 */
import type { ClosablePort } from '#shared/client';
import type { ClientMessage } from '#shared/protocol';

/** The part of the DOM WebSocket we use, so tests can supply their own. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
}

export type PortEvent = { type: 'connecting' } | { type: 'open' } | { type: 'closed'; retryInMs: number };

export interface SocketPortOptions {
  connect(): SocketLike;
  onEvent?(event: PortEvent): void;
  setTimer?(run: () => void, ms: number): void;
}

const OPEN = 1;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/** 250 ms, doubling, at most 5 s. `failures` counts closes since the last successful open. */
export function reconnectDelay(failures: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
}

export function createSocketPort(options: SocketPortOptions): ClosablePort {
  const setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms));
  const messageListeners: ((message: unknown) => void)[] = [];
  const closeListeners: ((reason: string) => void)[] = [];
  let queue: string[] = [];
  let failures = 0;
  let socket: SocketLike;

  const connect = (): void => {
    options.onEvent?.({ type: 'connecting' });
    const current = options.connect();
    socket = current;
    current.onopen = () => {
      failures = 0;
      options.onEvent?.({ type: 'open' });
      const pending = queue;
      queue = [];
      for (const frame of pending) current.send(frame);
    };
    current.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // the client validates everything; garbage is simply not a message
      }
      for (const listener of messageListeners) listener(message);
    };
    current.onclose = () => {
      current.onopen = current.onmessage = current.onclose = null;
      queue = [];
      failures++;
      const retryInMs = reconnectDelay(failures);
      options.onEvent?.({ type: 'closed', retryInMs });
      for (const listener of closeListeners) listener('Lost the connection to Berth.');
      setTimer(connect, retryInMs);
    };
  };
  connect();

  return {
    send(message: ClientMessage) {
      const frame = JSON.stringify(message);
      if (socket.readyState === OPEN) socket.send(frame);
      else queue.push(frame);
    },
    onMessage(listener) {
      messageListeners.push(listener);
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
  };
}

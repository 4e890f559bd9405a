/**
 * The WebSocket binding of the contract: JSON text frames in and out, one
 * dispatcher per socket, everything it opened closed with it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher, type Service } from './dispatcher';
import { warnClientError } from './limited-log';

/** Requests are small; anything bigger is not ours. */
const MAX_MESSAGE_BYTES = 1 << 20;
/**
 * Above this many bytes waiting in the socket every stream waits, credit or
 * not: credit counts messages, and a window of large ones (a snapshot, a
 * burst of terminal output) to a reader on a slow link would pile up here.
 */
const FULL_BYTES = 1 << 20;

/** The sockets of one server: takes over upgrades the guard has already let through. */
export interface SocketHost {
  /** `opened` runs once the handshake is done; a handshake ws refuses (a bad key, version…) is answered 400 and never opens. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, opened: () => void): void;
  /** Sockets connected now (for leak checks). */
  connections(): number;
  close(): void;
}

export function createSocketHost(service: Service): SocketHost {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  return {
    upgrade: (req, socket, head, opened) =>
      sockets.handleUpgrade(req, socket, head, (ws) => {
        opened();
        bindWebSocket(ws, service);
      }),
    connections: () => sockets.clients.size,
    close: () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}

export function bindWebSocket(socket: WebSocket, service: Service): void {
  const drainListeners: (() => void)[] = [];
  let reportedFull = false;
  // A write's callback runs once its bytes have left the buffer: the moment to say it drained.
  const written = (): void => {
    if (!reportedFull || socket.bufferedAmount > FULL_BYTES) return;
    reportedFull = false;
    for (const listener of drainListeners) listener();
  };
  const dispatcher = createDispatcher(service, {
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message), written);
    },
    buffer: {
      full: () => {
        if (socket.bufferedAmount > FULL_BYTES) reportedFull = true;
        return reportedFull;
      },
      onDrain: (listener) => void drainListeners.push(listener),
    },
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      warnClientError('berth: dropped a binary frame on the socket');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      warnClientError('berth: dropped a frame that is not JSON');
      return; // not a message of ours; the dispatcher never sees it
    }
    dispatcher.receive(parsed);
  });
  socket.on('close', () => dispatcher.close());
  socket.on('error', () => socket.terminate());
}

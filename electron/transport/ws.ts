/**
 * The WebSocket binding of the contract: JSON text frames in and out, one
 * dispatcher per socket, everything it opened closed with it.
 */
import type { WebSocket } from 'ws';
import { createDispatcher, type Service } from './dispatcher';

export function bindWebSocket(socket: WebSocket, service: Service): void {
  const dispatcher = createDispatcher(service, {
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    backlog: () => socket.bufferedAmount,
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return; // not a message of ours; the dispatcher never sees it
    }
    dispatcher.receive(parsed);
  });
  socket.on('close', () => dispatcher.close());
  socket.on('error', () => socket.terminate());
}

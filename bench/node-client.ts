/** Berth's own typed client over a WebSocket from Node, as the renderer has it in a browser. */
import WebSocket from 'ws';
import { createClient, type BerthClient } from '#shared/client';
import type { RunningBerth } from '../test/support/serve';

export interface NodeClient extends BerthClient {
  close(): void;
}

export async function openClient(berth: RunningBerth): Promise<NodeClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${berth.port}/ws?token=${berth.token}`, { origin: berth.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const client = createClient({
    send: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => socket.on('message', (data) => listener(JSON.parse(data.toString()))),
  });
  return { ...client, close: () => socket.close() };
}

/** Berth's own typed client over a WebSocket from Node, as the renderer has it in a browser: one engine's side of it. */
import WebSocket from 'ws';
import { createClient, type EngineClient } from '#shared/client';
import type { RunningBerth } from '../test/support/serve';

export interface NodeClient extends EngineClient {
  close(): void;
}

/** `engine` is the one discovery names "default": the docker CLI's own, which the benchmarks fill. */
export async function openClient(berth: RunningBerth, engine = 'default'): Promise<NodeClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${berth.port}/ws?token=${berth.token}`, { origin: berth.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const client = createClient({
    send: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => socket.on('message', (data) => listener(JSON.parse(data.toString()))),
  });
  const one = client.engine(engine);
  return { engine, call: one.call, post: one.post, listen: one.listen, close: () => socket.close() };
}

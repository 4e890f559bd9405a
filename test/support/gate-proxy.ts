/**
 * A loopback TCP proxy in front of a registry that can stop passing the
 * registry's bytes after a given count: a pull through it then stalls in the
 * middle of a layer, for as long as the test needs, so that "cancel while
 * downloading" happens on a fact (bytes seen, bars shown), not on timing.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface GateProxy {
  port: number;
  /** From now on, pass only `bytes` more of the registry's answers, then hold everything back. */
  holdAfter(bytes: number): void;
  /** Bytes held back so far (greater than 0 once the gate has closed on a transfer). */
  held(): number;
  /** Opens the gate again: what was held back goes on, and everything after it. */
  release(): void;
  close(): Promise<void>;
}

export function startGateProxy(targetPort: number): Promise<GateProxy> {
  const sockets = new Set<Socket>();
  let budget = Number.POSITIVE_INFINITY;
  let heldBytes = 0;
  /** Per held connection: the bytes not yet passed, and how to pass them. */
  const heldBack = new Set<() => void>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (budget >= chunk.length) {
        budget -= chunk.length;
        client.write(chunk);
        return;
      }
      const pass = Math.max(0, budget);
      if (pass > 0) client.write(chunk.subarray(0, pass));
      budget = 0;
      heldBytes += chunk.length - pass;
      upstream.pause();
      const rest = chunk.subarray(pass);
      heldBack.add(function resume() {
        heldBack.delete(resume);
        client.write(rest);
        upstream.resume();
      });
    });
    upstream.on('end', () => client.end());
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        holdAfter: (bytes) => {
          budget = bytes;
        },
        held: () => heldBytes,
        release: () => {
          budget = Number.POSITIVE_INFINITY;
          for (const resume of [...heldBack]) resume();
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

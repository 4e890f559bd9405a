/**
 * A unix socket of the benchmark's own in front of an engine's: what Berth is
 * pointed at when the benchmark needs to unplug an engine without touching
 * the engine itself (others use it meanwhile). `unplug` closes the socket and
 * cuts every connection through it, as an engine that went away would;
 * `plug` opens it again at the same path.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

export class SocketProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    /** Where Berth connects. */
    readonly path: string,
    /** The engine's own socket. */
    private readonly target: string,
  ) {}

  async plug(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((client) => {
      const engine = createConnection(this.target);
      for (const socket of [client, engine]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        // A reset on one side ends the other; the error itself is expected when unplugged.
        socket.on('error', () => undefined);
      }
      client.pipe(engine).pipe(client);
      client.on('close', () => engine.destroy());
      engine.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, resolve);
    });
    this.server = server;
  }

  /** Stops listening and cuts every open connection; resolves once the socket is gone. */
  async unplug(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    await closed;
    rmSync(this.path, { force: true });
  }
}

/**
 * The baseline for event latency: the engine's own /events stream read raw
 * over the socket, with the arrival time of each event.
 */
import { request, type ClientRequest } from 'node:http';
import { createInterface } from 'node:readline';

interface Waiter {
  id: string;
  action: string;
  resolve(time: number): void;
}

export class RawEvents {
  private req: ClientRequest | undefined;
  private waiters: Waiter[] = [];
  private listeners = new Set<{ action: string; listener(id: string): void }>();

  constructor(private readonly socketPath: string) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const filters = encodeURIComponent(JSON.stringify({ type: ['container'] }));
      this.req = request({ socketPath: this.socketPath, path: `/events?filters=${filters}` }, (res) => {
        const lines = createInterface({ input: res });
        lines.on('line', (line) => {
          const at = performance.timeOrigin + performance.now();
          const event = JSON.parse(line) as { Action?: string; Actor?: { ID?: string } };
          const matched = this.waiters.filter((w) => w.id === event.Actor?.ID && w.action === event.Action);
          this.waiters = this.waiters.filter((w) => !matched.includes(w));
          for (const w of matched) w.resolve(at);
          for (const l of this.listeners) if (l.action === event.Action) l.listener(event.Actor?.ID ?? '');
        });
        lines.on('error', () => undefined);
        resolve();
      });
      this.req.on('error', reject);
      this.req.end();
    });
  }

  /** The arrival time of the next `action` event for container `id`. Call before causing it. */
  next(id: string, action: string): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ id, action, resolve }));
  }

  /** Calls `listener` with the container's id on every `action` event from now on; returns how to stop. */
  on(action: string, listener: (id: string) => void): () => void {
    const entry = { action, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  close(): void {
    this.req?.destroy();
  }
}

/**
 * Keeps the engine store fed from the `state` stream: a snapshot first, then
 * deltas and status changes, applied once per frame. If the stream breaks
 * (the socket dropped, the main process restarted it) it is reopened after a
 * short pause; the snapshot that opens the new stream replaces everything,
 * so nothing missed in between can linger.
 */
import type { BerthClient } from '#shared/client';
import type { StateMessage } from '#shared/model';
import { createBatcher, frameScheduler, type Scheduler } from './frameBatcher';

export interface SyncTarget {
  apply(messages: readonly StateMessage[]): void;
  streamLost(reason: string): void;
}

export interface SyncOptions {
  schedule?: Scheduler;
  reopenDelayMs?: number;
}

export function startStateSync(client: BerthClient, target: SyncTarget, options: SyncOptions = {}): () => void {
  const reopenDelayMs = options.reopenDelayMs ?? 500;
  const batcher = createBatcher<StateMessage>((messages) => target.apply(messages), options.schedule ?? frameScheduler);
  let close: (() => void) | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const open = (): void => {
    reopen = null;
    close = client.listen(
      'state',
      {},
      {
        onData: (message) => {
          batcher.push(message);
          // A snapshot comes once per stream and the table's first paint waits
          // on it: apply it now rather than a frame later.
          if (message.type === 'snapshot') batcher.flush();
        },
        onEnd: (error) => {
          close = null;
          if (stopped) return;
          target.streamLost(error?.message ?? 'The state stream ended.');
          reopen = setTimeout(open, reopenDelayMs);
        },
      },
    );
  };
  open();

  return () => {
    stopped = true;
    if (reopen !== null) clearTimeout(reopen);
    batcher.clear();
    close?.();
  };
}

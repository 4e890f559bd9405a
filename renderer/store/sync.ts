/**
 * Keeps the engines store fed: the `engines` stream says which engines there
 * are, and each engine's own `state` stream brings its snapshot, then deltas
 * and status changes. Every engine's messages of one frame are applied in
 * one store update. A stream that breaks (the socket dropped, main restarted
 * it) is reopened after a short pause; the snapshot that opens the new one
 * replaces that engine's state, so nothing missed in between can linger.
 * Engines are independent: one engine's stream breaking touches no other.
 * The engine in view goes first (SyncOptions.inView).
 */
import type { BerthClient } from '#shared/client';
import type { EngineEntry } from '#shared/engines';
import type { StateMessage } from '#shared/model';
import type { EngineBatch } from './engineStore';
import { createBatcher, frameScheduler, type Scheduler } from './frameBatcher';

export interface SyncTarget {
  setEngines(engines: readonly EngineEntry[]): void;
  apply(batches: readonly EngineBatch[]): void;
  streamLost(engine: string, reason: string): void;
}

export interface SyncOptions {
  schedule?: Scheduler;
  reopenDelayMs?: number;
  /**
   * The engine the page shows (null: none, or all of them). Its stream opens
   * first and the others once its snapshot is in, so on a cold start the
   * snapshot the page waits on does not share the socket, main's thread and
   * the page's with snapshots nobody is looking at yet.
   */
  inView?: () => string | null;
}

interface Tagged {
  engine: string;
  message: StateMessage;
}

/** A frame's messages, grouped by engine in arrival order. */
function byEngine(items: readonly Tagged[]): EngineBatch[] {
  const groups = new Map<string, StateMessage[]>();
  for (const { engine, message } of items) {
    let group = groups.get(engine);
    if (!group) groups.set(engine, (group = []));
    group.push(message);
  }
  return [...groups].map(([engine, messages]) => ({ engine, messages }));
}

/** Opens a stream and keeps it open: reopened `delayMs` after it ends, until closed. */
function keepOpen(open: (onEnd: (reason: string) => void) => () => void, onLost: (reason: string) => void, delayMs: number): () => void {
  let close: (() => void) | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const start = (): void => {
    reopen = null;
    close = open((reason) => {
      close = null;
      if (stopped) return;
      onLost(reason);
      reopen = setTimeout(start, delayMs);
    });
  };
  start();
  return () => {
    stopped = true;
    if (reopen !== null) clearTimeout(reopen);
    close?.();
  };
}

export function startStateSync(client: BerthClient, target: SyncTarget, options: SyncOptions = {}): () => void {
  const reopenDelayMs = options.reopenDelayMs ?? 500;
  const batcher = createBatcher<Tagged>((items) => target.apply(byEngine(items)), options.schedule ?? frameScheduler);
  const open = new Map<string, () => void>();

  /** `onFirst` is told once, when the stream's first snapshot is in or it ended without one. */
  const follow = (engine: string, onFirst?: () => void): (() => void) => {
    let first = onFirst;
    const firstDone = () => {
      first?.();
      first = undefined;
    };
    return keepOpen(
      (onEnd) =>
        client.engine(engine).listen(
          'state',
          {},
          {
            onData: (message) => {
              batcher.push({ engine, message });
              // A snapshot comes once per stream and the table's first paint waits
              // on it: apply it now rather than a frame later.
              if (message.type === 'snapshot') {
                batcher.flush();
                firstDone();
              }
            },
            onEnd: (error) => {
              firstDone();
              onEnd(error?.message ?? 'The state stream ended.');
            },
          },
        ),
      (reason) => target.streamLost(engine, reason),
      reopenDelayMs,
    );
  };

  // The engines main lists now, and whether the others wait for the one in view.
  let listed = new Set<string>();
  /** The engine in view while the others wait on its snapshot. */
  let awaited: string | null = null;
  const openListed = (): void => {
    for (const id of listed) if (!open.has(id)) open.set(id, follow(id));
  };
  const follows = (ids: Set<string>): void => {
    listed = ids;
    for (const [id, close] of open) {
      if (ids.has(id)) continue;
      close();
      open.delete(id);
      if (id === awaited) awaited = null;
    }
    if (awaited !== null) return;
    const first = open.size === 0 ? options.inView?.() : null;
    if (first && ids.has(first)) {
      awaited = first;
      open.set(
        first,
        follow(first, () => {
          if (awaited !== first) return;
          awaited = null;
          openListed();
        }),
      );
      return;
    }
    openListed();
  };

  const closeList = keepOpen(
    (onEnd) =>
      client.listen(
        'engines',
        {},
        {
          onData: ({ engines }) => {
            // Queued messages of an engine that is gone would land on nothing; the store drops them.
            target.setEngines(engines);
            follows(new Set(engines.map((e) => e.id)));
          },
          onEnd: (error) => onEnd(error?.message ?? 'The engine list ended.'),
        },
      ),
    () => {},
    reopenDelayMs,
  );

  return () => {
    closeList();
    for (const close of open.values()) close();
    open.clear();
    batcher.clear();
  };
}

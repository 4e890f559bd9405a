/**
 * Keeps the engines store fed: the `engines` stream says which engines there
 * are (with each one's status, for the badges), and each engine's own `state`
 * stream brings its snapshot, then deltas and status changes. A page follows
 * only the state of what it shows (SyncOptions.wanted): one engine's pages
 * follow that engine, "All engines" follows every one. So a page on engine B
 * does no work for a storm on engine A, and a cold start loads only what is
 * on screen. An engine left behind is followed a little longer
 * (SyncOptions.lingerMs), so going back and forth costs no new snapshot, and
 * then released. Every engine's messages of one frame are applied in one
 * store update, and the first snapshots of engines followed together (a cold
 * start on "All engines") are applied together. A stream that breaks (the
 * socket dropped, main restarted it) is reopened after a short pause; the snapshot that opens the new one
 * replaces that engine's state, so nothing missed in between can linger.
 * Engines are independent: one engine's stream breaking touches no other.
 */
import type { BerthClient } from '#shared/client';
import type { EngineEntry } from '#shared/engines';
import type { EngineStatus, StateMessage } from '#shared/model';
import type { EngineBatch } from './engineStore';
import { createBatcher, frameScheduler, type Scheduler } from './frameBatcher';

export interface SyncTarget {
  setEngines(engines: readonly EngineEntry[], statuses: Readonly<Record<string, EngineStatus>>): void;
  apply(batches: readonly EngineBatch[]): void;
  streamLost(engine: string, reason: string): void;
  /** The engine's state is no longer followed: drop what the page held of it. */
  release(engine: string): void;
}

/** The engines whose state a page follows: some by id, or every engine listed. */
export type Wanted = readonly string[] | 'all';

export interface SyncOptions {
  schedule?: Scheduler;
  reopenDelayMs?: number;
  /** What the page shows now (default: every engine). */
  wanted?: () => Wanted;
  /** Calls `changed` whenever `wanted` may say something else (the address changed); returns how to stop. */
  watchWanted?: (changed: () => void) => () => void;
  /** How long an engine no longer wanted stays followed (default 30 s). */
  lingerMs?: number;
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

/** How long a snapshot waits for the other followed engines' snapshots before it is applied alone. */
const SNAPSHOT_HOLD_MS = 100;

export function startStateSync(client: BerthClient, target: SyncTarget, options: SyncOptions = {}): () => void {
  const reopenDelayMs = options.reopenDelayMs ?? 500;
  const open = new Map<string, () => void>();
  // What was queued for an engine released meanwhile would land on its emptied state: dropped.
  const batcher = createBatcher<Tagged>((items) => target.apply(byEngine(items.filter((item) => open.has(item.engine)))), options.schedule ?? frameScheduler);

  /** Followed engines whose stream has not sent its snapshot yet. */
  const awaiting = new Set<string>();
  /** A snapshot and everything that came after it, held for the snapshots still awaited; the timer stops the wait. */
  const held: Tagged[] = [];
  let holdTimer: ReturnType<typeof setTimeout> | null = null;
  const releaseHeld = (): void => {
    if (holdTimer !== null) clearTimeout(holdTimer);
    holdTimer = null;
    for (const item of held.splice(0)) batcher.push(item);
    batcher.flush();
  };
  /** The engine's snapshot came, or its stream ended: nothing more to wait for from it. */
  const settled = (engine: string): void => {
    awaiting.delete(engine);
    if (held.length === 0) return;
    if (awaiting.size === 0) releaseHeld();
    else holdTimer ??= setTimeout(releaseHeld, SNAPSHOT_HOLD_MS);
  };
  const follow = (engine: string): (() => void) =>
    keepOpen(
      (onEnd) => {
        awaiting.add(engine);
        const close = client.engine(engine).listen(
          'state',
          {},
          {
            onData: (message) => {
              // Behind a held snapshot, everything waits too, so that order is kept.
              if (message.type !== 'snapshot') {
                if (held.length > 0) held.push({ engine, message });
                else batcher.push({ engine, message });
                return;
              }
              // A snapshot comes once per stream and the table's first paint waits
              // on it: applied now rather than a frame later. While other engines'
              // are still to come, it waits for them (a little): "All engines" then
              // draws its merged table once, rather than once per engine, each
              // draw holding back the next engine's snapshot.
              held.push({ engine, message });
              settled(engine);
            },
            onEnd: (error) => {
              settled(engine);
              onEnd(error?.message ?? 'The state stream ended.');
            },
          },
        );
        return () => {
          settled(engine);
          close();
        };
      },
      (reason) => target.streamLost(engine, reason),
      reopenDelayMs,
    );

  const wantedNow = options.wanted ?? (() => 'all' as const);
  const lingerMs = options.lingerMs ?? 30_000;
  // The engines main lists now; null until its list first arrives.
  let listed: Set<string> | null = null;
  /** Followed engines no longer wanted, each with the timer that releases it. */
  const lingering = new Map<string, ReturnType<typeof setTimeout>>();
  const release = (id: string): void => {
    clearTimeout(lingering.get(id));
    lingering.delete(id);
    open.get(id)?.();
    open.delete(id);
    target.release(id);
  };
  /**
   * Opens what is wanted and listed, and lets the rest go: at once when
   * unlisted, after the linger otherwise. Before the list first arrives, an
   * engine the address names is opened on trust: a cold start then asks for
   * its state with its first message, not a round trip later, and the list
   * lets it go if there is no such engine.
   */
  const update = (): void => {
    const asked = wantedNow();
    const known = listed;
    const wanted = new Set(asked === 'all' ? (known ?? []) : known === null ? asked : asked.filter((id) => known.has(id)));
    for (const id of [...open.keys()]) {
      if (known !== null && !known.has(id)) release(id);
      else if (wanted.has(id)) {
        clearTimeout(lingering.get(id));
        lingering.delete(id);
      } else if (!lingering.has(id)) {
        lingering.set(id, setTimeout(() => release(id), lingerMs));
      }
    }
    for (const id of wanted) if (!open.has(id)) open.set(id, follow(id));
  };
  const unwatch = options.watchWanted?.(update);
  update();

  const closeList = keepOpen(
    (onEnd) =>
      client.listen(
        'engines',
        {},
        {
          onData: ({ engines, statuses }) => {
            // Queued messages of an engine that is gone would land on nothing; the store drops them.
            target.setEngines(engines, statuses);
            listed = new Set(engines.map((e) => e.id));
            update();
          },
          onEnd: (error) => onEnd(error?.message ?? 'The engine list ended.'),
        },
      ),
    () => {},
    reopenDelayMs,
  );

  return () => {
    unwatch?.();
    closeList();
    for (const timer of lingering.values()) clearTimeout(timer);
    lingering.clear();
    // Nothing held is applied as the streams close.
    held.length = 0;
    if (holdTimer !== null) clearTimeout(holdTimer);
    for (const close of open.values()) close();
    open.clear();
    batcher.clear();
  };
}

/**
 * CPU and memory for the Containers table, cheap for the engine: never a
 * stream per row (80 streamed containers have pushed dockerd to 50–60% of
 * two cores), but one-shot snapshots (`stream=false&one-shot=true`) of the
 * rows on screen only, a few at a time, each row again every few seconds.
 * CPU comes from two consecutive snapshots of the same container. Watchers
 * (table views) are merged: a row two windows show is snapshotted once.
 * Nothing here asks the engine for sizes.
 */
import type Docker from 'dockerode';
import type { StatsRow } from '#shared/stats';
import { rowFromSnapshots, type StatsJson } from './formulas';

export interface SnapshotterOptions {
  /** A row is snapshotted again this long after its last snapshot. */
  refreshMs?: number;
  /** The second snapshot of a row that just came on screen, so its CPU shows soon. */
  firstRefreshMs?: number;
  /** Snapshots in flight at once. */
  concurrency?: number;
  /** Batches rows that finish close together into one message. */
  flushMs?: number;
}

export type RowsListener = (rows: StatsRow[]) => void;

interface Watcher {
  ids: ReadonlySet<string>;
  listener: RowsListener;
}

interface RowState {
  /** The last snapshot, to measure CPU against. */
  previous: StatsJson | undefined;
  dueAt: number;
  inFlight: boolean;
  latest: StatsRow | undefined;
}

export class RowSnapshotter {
  private readonly watchers = new Set<Watcher>();
  private readonly rows = new Map<string, RowState>();
  private readonly pending = new Map<string, StatsRow>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private snapshots = 0;
  private peak = 0;
  private readonly refreshMs: number;
  private readonly firstRefreshMs: number;
  private readonly concurrency: number;
  private readonly flushMs: number;

  constructor(
    private readonly client: () => Docker,
    options: SnapshotterOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 3_000;
    this.firstRefreshMs = options.firstRefreshMs ?? 1_000;
    this.concurrency = options.concurrency ?? 4;
    this.flushMs = options.flushMs ?? 100;
  }

  snapshotCount(): number {
    return this.snapshots;
  }

  /** The most snapshots ever in flight at once (never above the concurrency bound). */
  peakInFlight(): number {
    return this.peak;
  }

  /** Watches `ids` (full container ids) until the returned function is called. */
  watch(ids: readonly string[], listener: RowsListener): () => void {
    const watcher: Watcher = { ids: new Set(ids), listener };
    this.watchers.add(watcher);
    const known: StatsRow[] = [];
    for (const id of watcher.ids) {
      const row = this.rows.get(id);
      if (row === undefined) this.rows.set(id, { previous: undefined, dueAt: 0, inFlight: false, latest: undefined });
      else if (row.latest) known.push(row.latest);
    }
    // What is already known goes out at once: reopening with a scrolled set loses nothing.
    if (known.length > 0) queueMicrotask(() => this.watchers.has(watcher) && listener(known));
    this.pump();
    return () => {
      if (!this.watchers.delete(watcher)) return;
      this.forgetUnwatched();
    };
  }

  private forgetUnwatched(): void {
    const watched = new Set<string>();
    for (const w of this.watchers) for (const id of w.ids) watched.add(id);
    for (const id of this.rows.keys()) if (!watched.has(id)) this.rows.delete(id);
    if (this.watchers.size === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.pending.clear();
    }
  }

  /** Starts what is due, up to the concurrency bound, and sleeps until the next row is due. */
  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.watchers.size === 0) return;
    const now = Date.now();
    const due = [...this.rows.entries()]
      .filter(([, row]) => !row.inFlight && row.dueAt <= now)
      .sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [id, row] of due) {
      if (this.inFlight >= this.concurrency) break;
      void this.snapshot(id, row);
    }
    let next = Infinity;
    for (const row of this.rows.values()) if (!row.inFlight) next = Math.min(next, row.dueAt);
    if (next !== Infinity && this.inFlight < this.concurrency) {
      this.timer = setTimeout(() => this.pump(), Math.max(10, next - Date.now()));
    }
  }

  private async snapshot(id: string, row: RowState): Promise<void> {
    row.inFlight = true;
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    this.snapshots++;
    let json: StatsJson | undefined;
    try {
      // `one-shot` (API 1.41+) answers with one reading instead of waiting for two; dockerode's typing lacks it.
      const options = { stream: false, 'one-shot': true } as { stream: false };
      json = (await this.client().getContainer(id).stats(options)) as unknown as StatsJson;
    } catch {
      // Gone, stopped or the engine away: the row shows nothing new; the next round tries again.
      json = undefined;
    }
    row.inFlight = false;
    this.inFlight--;
    // Still watched? forgetUnwatched() drops the state of rows that scrolled away.
    if (this.rows.get(id) === row) {
      const running = json?.read !== undefined && Date.parse(json.read) > 0;
      if (json && running) {
        const figures = rowFromSnapshots(id, json, row.previous);
        row.dueAt = Date.now() + (row.previous === undefined ? this.firstRefreshMs : this.refreshMs);
        row.previous = json;
        row.latest = figures;
        this.emit(figures);
      } else {
        row.previous = undefined;
        row.dueAt = Date.now() + this.refreshMs;
      }
    }
    this.pump();
  }

  private emit(row: StatsRow): void {
    this.pending.set(row.id, row);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const rows = [...this.pending.values()];
      this.pending.clear();
      for (const watcher of this.watchers) {
        const mine = rows.filter((r) => watcher.ids.has(r.id));
        if (mine.length > 0) watcher.listener(mine);
      }
    }, this.flushMs);
  }
}

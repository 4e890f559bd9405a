/**
 * A log session: what one open log view reads. It owns the feeds (one per
 * container: one for a container's page, one per service container for a
 * Compose project), the bounded store their lines go into, and the filtered
 * views built over it. Closing it ends every engine read and frees the store
 * (its temporary file included).
 *
 * A project's lines are merged in time order: the history of every container
 * is read first and merged by timestamp; after that, live lines wait a short
 * moment in a reorder buffer so lines from different containers that arrive
 * a little out of order still land in order.
 *
 * A view shows the end of a long log before all of it is read: each feed
 * reads its container's last lines first (a cheap tail read), and while the
 * whole history loads into the store in the background, windows and searches
 * answer from that preview (for a project, the containers' last lines merged
 * by time; a download takes every line read so far). When the history is in,
 * the store takes over as a new generation (its line numbers are the whole log's).
 */
import { randomUUID } from 'node:crypto';
import type { LogFilter, LogLine, LogState } from '#shared/logs';
import type { ParsedLine } from './demux';
import { ContainerFeed, PREVIEW_LINES, type FeedHost, type FeedOptions } from './feed';
import { LineStore, type LineStoreOptions } from './store';
import { filterKey, makeView, ScanAbandoned, searchView, type LineIndex } from './views';
import type { LogQuery } from '#shared/logs';

/** Characters of one line sent in a window; the export has the rest. */
export const MAX_LINE_CHARS = 64 * 1024;
/** How long a live line of a merged log waits for earlier lines from other containers. */
const REORDER_MS = 150;
/** How far back from the whole log's end the preview's last line is looked for. */
const PREVIEW_FIND_LINES = 100_000;
const VIEW_CACHE = 4;

export interface SessionSource {
  /** The containers to read, and the service each one's lines are tagged with ('' for none). */
  containers: { id: string; service: string }[];
  merged: boolean;
}

interface PendingLine {
  kind: 'stdout' | 'stderr' | 'marker';
  ts: number;
  text: string;
  service: number;
  arrived: number;
}

interface FeedEntry {
  feed: ContainerFeed;
  service: number;
  state: LogState;
  detail: string;
  history: PendingLine[] | undefined;
  historyDone: boolean;
  /** A merged log's: this container's last lines, read ahead of its history. */
  previewLines: PendingLine[] | undefined;
}

/** Lists each in time order, merged into one in time order (lines without a time first); k is small. */
function mergeByTime(lists: PendingLine[][], emit: (line: PendingLine) => void): void {
  const heads = lists.map(() => 0);
  for (;;) {
    let best = -1;
    let bestTs = Infinity;
    for (let k = 0; k < lists.length; k++) {
      const line = lists[k]![heads[k]!];
      if (!line) continue;
      const ts = Number.isNaN(line.ts) ? -Infinity : line.ts;
      if (best === -1 || ts < bestTs) {
        best = k;
        bestTs = ts;
      }
    }
    if (best === -1) return;
    emit(lists[best]![heads[best]!++]!);
  }
}

/** 1234567 → "1,234,567" (toLocaleString's first call costs tens of ms, on the way to showing the preview). */
function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Where the preview's lines are in the whole log: line n of the preview is
 * line n + the answer. Found by the preview's last line, which the history
 * read ended with or passed (what was written since comes after it); null
 * when it is not there.
 */
function previewOffset(preview: LineStore, full: LineStore): number | null {
  const last = preview.length - 1;
  if (last < 0) return null;
  const ts = preview.tsAt(last);
  const text = preview.textAt(last);
  const sameTime = (t: number) => t === ts || (Number.isNaN(t) && Number.isNaN(ts));
  for (let i = full.length - 1; i >= Math.max(last, full.length - PREVIEW_FIND_LINES); i--) {
    if (sameTime(full.tsAt(i)) && full.textAt(i) === text) return i - last;
  }
  return null;
}

function markerText(at: number, restarted: boolean, service: string): string {
  const when = Number.isNaN(at) ? 'an unknown time' : new Date(at).toISOString();
  return `${service ? `${service}: ` : ''}${restarted ? 'restarted' : 'started'} at ${when}`;
}

export class LogSession {
  readonly id = randomUUID();
  /** Every line read, in order. */
  private readonly full: LineStore;
  /** The history's last lines, shown while `full` is still loading. */
  private preview: LineStore | undefined;
  private readonly feeds = new Map<string, FeedEntry>();
  private readonly views = new Map<string, LineIndex>();
  private readonly listeners = new Set<(urgent: boolean) => void>();
  private reorder: PendingLine[] = [];
  private reorderTimer: NodeJS.Timeout | undefined;
  private closed = false;
  generation = 0;
  /** How this generation's line numbers relate to the last one's: line n then is line n + moved now; null when unknown. */
  moved: number | null = null;
  restarts = 0;

  constructor(
    private readonly host: FeedHost,
    private readonly source: SessionSource,
    private readonly options: FeedOptions,
    storeOptions: LineStoreOptions = {},
  ) {
    this.full = new LineStore(storeOptions);
  }

  /** The lines the view shows: the preview while the history loads, then the whole log. */
  get store(): LineStore {
    return this.preview ?? this.full;
  }

  get services(): string[] {
    return [...new Set(this.source.containers.map((c) => c.service).filter(Boolean))].sort();
  }

  start(): void {
    for (const container of this.source.containers) this.addContainer(container.id, container.service);
  }

  /** A container that joined (a Compose service scaled up or recreated). */
  addContainer(id: string, service: string): void {
    if (this.closed || this.feeds.has(id)) return;
    const serviceId = service ? this.full.serviceId(service) : 0;
    const merged = this.source.merged;
    const entry: FeedEntry = {
      service: serviceId,
      state: 'loading',
      detail: 'Reading the log…',
      history: merged ? [] : undefined,
      historyDone: false,
      previewLines: undefined,
      feed: new ContainerFeed(id, this.host, this.options, {
        line: merged ? (line) => this.onLine(entry, line) : (line) => this.appendLine(line, serviceId),
        preview: (lines: ParsedLine[]) => {
          const pending = lines.map((line) => ({ kind: line.stream, ts: line.ts, text: line.text, service: serviceId, arrived: 0 }));
          if (!merged) return this.showPreview(pending);
          entry.previewLines = pending;
          this.showMergedPreview();
        },
        historyDone: () => {
          entry.historyDone = true;
          // A project's preview stays until every container's history is in and merged.
          if (!merged) this.endPreview();
          this.onHistoryDone();
          if (merged) this.showMergedPreview();
        },
        started: (at, restarted) => {
          if (restarted) this.restarts++;
          this.push(entry, { kind: 'marker', ts: at, text: markerText(at, restarted, service), service: serviceId, arrived: Date.now() });
        },
        state: (state, detail) => {
          entry.state = state;
          entry.detail = detail;
          // The history was not read to its end (an engine error): the preview gives way to what was.
          if (state !== 'loading' && !merged) this.endPreview();
          this.changed(true);
        },
      }),
    };
    if (!this.source.containers.some((c) => c.id === id)) this.source.containers.push({ id, service });
    this.feeds.set(id, entry);
    entry.feed.start();
  }

  /** A single container's line: straight into the store, nothing to order (the hot path of a long history). */
  private appendLine(line: ParsedLine, service: number): void {
    if (this.closed) return;
    this.full.append(line.stream, line.ts, line.text, service);
    this.changed();
  }

  private showPreview(lines: PendingLine[]): void {
    // Nothing to show ahead (an empty log), or the history is partly in already: no preview.
    if (this.closed || lines.length === 0 || this.full.length > 0) return;
    const preview = new LineStore();
    preview.adoptServices(this.full);
    for (const line of lines) preview.append(line.kind, line.ts, line.text, line.service);
    this.preview?.close();
    this.preview = preview;
    this.views.clear();
    this.changed(true);
  }

  /**
   * A project's preview: every container's last lines merged by time, once
   * each container's are here (its preview, or its whole history when that
   * came first), so the preview shows the project's real end from the start.
   */
  private showMergedPreview(): void {
    if (this.preview) return;
    const ends: PendingLine[][] = [];
    for (const f of this.feeds.values()) {
      const end = f.previewLines ?? (f.historyDone ? (f.history ?? []).slice(-PREVIEW_LINES) : undefined);
      if (end === undefined) return; // this container's end is still to come
      if (end.length) ends.push(end);
    }
    const merged: PendingLine[] = [];
    mergeByTime(ends, (line) => merged.push(line));
    this.showPreview(merged.slice(-PREVIEW_LINES));
  }

  /** The whole history is in: the store replaces the preview, as a new generation (line numbers change). */
  private endPreview(): void {
    const preview = this.preview;
    if (!preview) return;
    this.preview = undefined;
    this.moved = previewOffset(preview, this.full);
    preview.close();
    this.views.clear();
    this.generation++;
    this.changed(true);
  }

  private onLine(entry: FeedEntry, line: ParsedLine): void {
    this.push(entry, { kind: line.stream, ts: line.ts, text: line.text, service: entry.service, arrived: Date.now() });
  }

  private push(entry: FeedEntry, line: PendingLine): void {
    if (this.closed) return;
    if (!this.source.merged) {
      this.full.append(line.kind, line.ts, line.text, line.service);
      this.changed();
      return;
    }
    if (entry.history && !entry.historyDone) {
      entry.history.push(line);
      return;
    }
    this.reorder.push(line);
    this.reorderTimer ??= setTimeout(() => this.flushReorder(), REORDER_MS);
  }

  /** Once every container's history is in, merge them all by time. */
  private onHistoryDone(): void {
    if (!this.source.merged) return this.changed();
    const ready = [...this.feeds.values()].every((f) => f.historyDone);
    if (!ready) return;
    const lists = [...this.feeds.values()].map((f) => f.history ?? []).filter((l) => l.length);
    for (const f of this.feeds.values()) {
      f.history = undefined;
      f.previewLines = undefined;
    }
    mergeByTime(lists, (line) => this.full.append(line.kind, line.ts, line.text, line.service));
    if (this.preview) this.endPreview();
    else this.changed();
  }

  private flushReorder(): void {
    this.reorderTimer = undefined;
    if (this.closed) return;
    // Live lines wait while any history is still being read: it is older and goes first.
    if (![...this.feeds.values()].every((f) => f.historyDone)) {
      this.reorderTimer = setTimeout(() => this.flushReorder(), REORDER_MS);
      return;
    }
    const cutoff = Date.now() - REORDER_MS;
    // Stable sort by time; lines without one keep their arrival order.
    this.reorder.sort((a, b) => (Number.isNaN(a.ts) || Number.isNaN(b.ts) ? 0 : a.ts - b.ts));
    let keep = 0;
    const due: PendingLine[] = [];
    const later: PendingLine[] = [];
    for (const line of this.reorder) (line.arrived <= cutoff ? due : later).push(line);
    // Lines later than a line still waiting must wait too, or they would overtake it.
    const oldestWaiting = later.reduce((min, l) => Math.min(min, Number.isNaN(l.ts) ? Infinity : l.ts), Infinity);
    for (const line of due) {
      if (!Number.isNaN(line.ts) && line.ts > oldestWaiting) later.push(line);
      else {
        this.full.append(line.kind, line.ts, line.text, line.service);
        keep++;
      }
    }
    this.reorder = later;
    if (keep) this.changed();
    if (this.reorder.length) this.reorderTimer = setTimeout(() => this.flushReorder(), REORDER_MS / 3);
  }

  /** `urgent`: the state changed, or what the view shows was replaced; worth telling at once. */
  onChange(listener: (urgent: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(urgent = false): void {
    for (const listener of this.listeners) listener(urgent);
  }

  /** The session's state as a whole: following while any container is followed. */
  status(): { state: LogState; detail: string } {
    const entries = [...this.feeds.values()];
    if (entries.length === 0) return { state: 'ended', detail: this.source.merged ? 'The project has no containers.' : 'Nothing to read.' };
    if (entries.length === 1) {
      const { state, detail } = entries[0]!;
      return { state, detail: this.preview ? `${detail} Showing its last ${withCommas(this.preview.length)} lines meanwhile.` : detail };
    }
    const count = (state: LogState) => entries.filter((e) => e.state === state).length;
    const state: LogState = count('loading') ? 'loading' : count('following') ? 'following' : count('waiting') ? 'waiting' : 'ended';
    const meanwhile = this.preview ? ` Showing their last ${withCommas(this.preview.length)} lines meanwhile.` : '';
    return { state, detail: `${count('following')} of ${entries.length} containers followed.${meanwhile}` };
  }

  view(filter: LogFilter): LineIndex {
    const key = filterKey(filter);
    let view = this.views.get(key);
    if (view) {
      // Most recently used last.
      this.views.delete(key);
      this.views.set(key, view);
      return view;
    }
    view = makeView(this.store, filter);
    this.views.set(key, view);
    if (this.views.size > VIEW_CACHE) this.views.delete(this.views.keys().next().value!);
    return view;
  }

  /** True while `store` is still what this session shows, in the same generation. */
  private liveness(): () => boolean {
    const store = this.store;
    const generation = this.generation;
    return () => !this.closed && this.store === store && this.generation === generation;
  }

  async window(filter: LogFilter, start: number | null, count: number): Promise<{ total: number; start: number; lines: LogLine[] }> {
    let view = this.view(filter);
    // A new filter over a long log is indexed in slices first; then this is
    // quick. If the store changed meanwhile, the window is of the new one.
    for (;;) {
      try {
        await view.catchUp(this.liveness());
        break;
      } catch (error) {
        if (!(error instanceof ScanAbandoned) || this.closed) throw error;
        view = this.view(filter);
      }
    }
    const total = view.length;
    const first = start === null ? Math.max(0, total - count) : Math.min(start, total);
    const end = Math.min(total, first + count);
    const lines: LogLine[] = [];
    for (let position = first; position < end; position++) {
      const line = view.lineAt(position);
      const stored = this.store.get(line);
      const text = stored.text.length > MAX_LINE_CHARS ? stored.text.slice(0, MAX_LINE_CHARS) : stored.text;
      const service = this.store.serviceName(stored.service);
      lines.push({
        position,
        line,
        kind: stored.kind,
        ts: Number.isNaN(stored.ts) ? null : stored.ts,
        text,
        cut: stored.text.length - text.length,
        ...(service && { service }),
      });
    }
    return { total, start: first, lines };
  }

  async search(filter: LogFilter, query: LogQuery, from: number, limit: number): Promise<{ count: number; total: number; positions: number[] }> {
    const live = this.liveness();
    const store = this.store;
    const view = this.view(filter);
    const { count, positions } = await searchView(store, view, query, from, limit, live);
    return { count, total: view.length, positions };
  }

  /** Lines of a view as text from `from`, up to about `maxBytes`; `next` is where to go on. */
  exportText(filter: LogFilter, from: number, timestamps: boolean, maxBytes: number): { text: string; next: number | null; total: number } {
    // While the preview is shown, a download still takes every line read so far, not only the preview's.
    const store = this.full;
    const view = this.preview ? makeView(store, filter) : this.view(filter);
    const total = view.length;
    const parts: string[] = [];
    let bytes = 0;
    let position = from;
    for (; position < total && bytes < maxBytes; position++) {
      const line = view.lineAt(position);
      const ts = store.tsAt(line);
      const service = store.serviceName(store.serviceAt(line));
      let text = store.textAt(line);
      if (service && store.kindCodeAt(line) !== 3) text = `${service} | ${text}`;
      if (timestamps && !Number.isNaN(ts)) text = `${new Date(ts).toISOString()} ${text}`;
      parts.push(text);
      bytes += text.length + 1;
    }
    return { text: parts.length ? `${parts.join('\n')}\n` : '', next: position < total ? position : null, total };
  }

  clear(): void {
    this.full.clear();
    this.preview?.close();
    this.preview = undefined;
    this.views.clear();
    this.moved = null;
    this.generation++;
    this.changed();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reorderTimer);
    for (const entry of this.feeds.values()) entry.feed.dispose();
    this.feeds.clear();
    this.views.clear();
    this.listeners.clear();
    this.preview?.close();
    this.preview = undefined;
    this.full.close();
  }

  /** Engine reads still open (for leak checks). */
  get openFeeds(): number {
    return this.feeds.size;
  }
}

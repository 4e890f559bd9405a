/**
 * Filtered views and searches over the WHOLE store, answered in the main
 * process. A view (stream filter, optionally only lines matching or not
 * matching a query) is an index of store positions, built once and then
 * extended as lines arrive, so scrolling a filtered million-line log asks
 * nothing twice.
 *
 * A long scan (a search or a new filter over a million lines takes a few
 * hundred milliseconds) runs in slices of a few milliseconds, yielding to the
 * event loop between them: main also carries every engine event, terminal
 * echo and other view, which must not wait for it. The user's pattern runs
 * on RE2 (shared/log-pattern), in time linear in each line, so a slice ends
 * on time whatever the container wrote.
 */
import { RemoteError } from '#shared/protocol';
import { compileLogPattern } from '#shared/log-pattern';
import type { LogFilter, LogQuery } from '#shared/logs';
import { STREAM_CODE, type LineStore } from './store';

/** How long one slice of a long scan may hold the main process. */
const SLICE_MS = 8;
/** Work between two looks at the clock: a line counts as this many characters plus its own. */
const CLOCK_WORK = 64 * 1024;
const LINE_WORK = 64;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The time of one slice. The clock is read after so much work, not after so
 * many lines: a search takes time with each character, and a container can
 * write lines of megabytes, so a thousand lines between two readings could
 * hold main for seconds.
 */
class Slice {
  private work = 0;
  private deadline = performance.now() + SLICE_MS;

  /** Counts one line of `chars` characters done; true when the slice has had its time. */
  spent(chars: number): boolean {
    this.work += LINE_WORK + chars;
    if (this.work < CLOCK_WORK) return false;
    this.work = 0;
    return performance.now() >= this.deadline;
  }

  /** After a pause: a new slice. */
  restart(): void {
    this.work = 0;
    this.deadline = performance.now() + SLICE_MS;
  }
}

/** The store a scan reads was cleared, replaced or closed while it yielded. */
export class ScanAbandoned extends RemoteError {
  constructor() {
    super({ code: 'conflict', message: 'The log changed (it was cleared, or its full history took over) during the search; search again.' });
  }
}

/** Growable list of line positions. */
class Positions {
  private array = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Uint32Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  at(index: number): number {
    return this.array[index]!;
  }
  /** The first position whose value is ≥ `value`. */
  lowerBound(value: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.array[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Markers (restarts) pass every filter but a match: they say where a session broke. */
function streamTest(filter: LogFilter): (code: number) => boolean {
  if (filter.stream === 'both') return () => true;
  const want = STREAM_CODE[filter.stream];
  return (code) => code === want || code === STREAM_CODE.marker;
}

/**
 * The lines of a store that pass a predicate, kept up to date lazily: each
 * use scans only lines appended since the last one.
 */
export class LineIndex {
  private positions = new Positions();
  private scanned = 0;

  constructor(
    private readonly store: LineStore,
    private readonly accept: (index: number, text: string) => boolean,
    /** True when every line passes (no index needed: position = line number). */
    private readonly identity = false,
  ) {}

  private update(): void {
    if (this.identity) return;
    const positions = this.positions;
    const accept = this.accept;
    this.store.scan(this.scanned, (index, text) => {
      if (accept(index, text)) positions.push(index);
    });
    this.scanned = this.store.length;
  }

  /**
   * Indexes every line appended so far, a slice at a time; `live` is asked
   * after each pause whether the store is still the one this view indexes.
   */
  async catchUp(live: () => boolean): Promise<void> {
    if (this.identity) return;
    const positions = this.positions;
    const accept = this.accept;
    const slice = new Slice();
    while (this.scanned < this.store.length) {
      let next = this.scanned;
      this.store.scan(this.scanned, (index, text) => {
        if (accept(index, text)) positions.push(index);
        next = index + 1;
        return !slice.spent(text.length);
      });
      this.scanned = next;
      if (this.scanned >= this.store.length) return;
      await yieldToEventLoop();
      if (!live()) throw new ScanAbandoned();
      slice.restart();
    }
  }

  get length(): number {
    this.update();
    return this.identity ? this.store.length : this.positions.length;
  }

  /** Store line number of the view's `index`-th line. */
  lineAt(index: number): number {
    this.update();
    return this.identity ? index : this.positions.at(index);
  }

  /** The view position of store line `line`, or of the first line after it. */
  positionOf(line: number): number {
    this.update();
    return this.identity ? line : this.positions.lowerBound(line);
  }
}

export function filterKey(filter: LogFilter): string {
  return JSON.stringify([filter.stream, filter.match?.text ?? null, filter.match?.regex, filter.match?.caseSensitive, filter.match?.invert]);
}

/** The view for a filter over a store. */
export function makeView(store: LineStore, filter: LogFilter): LineIndex {
  const streamOk = streamTest(filter);
  const match = filter.match && filter.match.text !== '' ? filter.match : undefined;
  if (!match) {
    if (filter.stream === 'both') return new LineIndex(store, () => true, true);
    return new LineIndex(store, (index) => streamOk(store.kindCodeAt(index)));
  }
  const { test } = compileLogPattern(match);
  const invert = match.invert;
  return new LineIndex(store, (index, text) => {
    const code = store.kindCodeAt(index);
    if (code === STREAM_CODE.marker) return !invert ? false : true;
    return streamOk(code) && test(text) !== invert;
  });
}

/**
 * Lines of a view that match a query: how many, and the positions within the
 * view of up to `limit` of them, starting with match number `from` (0 is the
 * first), so a caller can page through any number of matches. `live` as for catchUp.
 */
export async function searchView(
  store: LineStore,
  view: LineIndex,
  query: LogQuery,
  from: number,
  limit: number,
  live: () => boolean,
): Promise<{ count: number; positions: number[] }> {
  const { test } = compileLogPattern(query);
  if (!live()) throw new ScanAbandoned();
  await view.catchUp(live);
  const total = view.length;
  const positions: number[] = [];
  let count = 0;
  const slice = new Slice();
  for (let position = 0; position < total; position++) {
    const line = view.lineAt(position);
    const text = store.textAt(line);
    if (store.kindCodeAt(line) !== STREAM_CODE.marker && test(text)) {
      if (count >= from && positions.length < limit) positions.push(position);
      count++;
    }
    if (slice.spent(text.length) && position + 1 < total) {
      await yieldToEventLoop();
      if (!live()) throw new ScanAbandoned();
      slice.restart();
    }
  }
  return { count, positions };
}

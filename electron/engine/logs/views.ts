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
 * echo and other view, which must not wait for it.
 */
import safeRegex from 'safe-regex2';
import { RemoteError } from '#shared/protocol';
import type { LogFilter, LogQuery } from '#shared/logs';
import { STREAM_CODE, type LineStore } from './store';

export type LineTest = (text: string) => boolean;

/** How long one slice of a long scan may hold the main process. */
const SLICE_MS = 8;
/** Lines between two looks at the clock. */
const CLOCK_EVERY = 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The store a scan reads was cleared, replaced or closed while it yielded. */
export class ScanAbandoned extends RemoteError {
  constructor() {
    super({ code: 'conflict', message: 'The log changed (it was cleared, or its full history took over) during the search; search again.' });
  }
}

/** The longest pattern accepted; a regex is the user's own, but the main process runs it. */
export const MAX_QUERY_LENGTH = 1000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A query as a test of one line's text; a bad regex is the user's error, said plainly. */
export function compileQuery(query: LogQuery): LineTest {
  if (query.text.length > MAX_QUERY_LENGTH) {
    throw new RemoteError({ code: 'bad-request', message: `The search is longer than ${MAX_QUERY_LENGTH} characters` });
  }
  if (!query.regex) {
    if (query.caseSensitive) {
      const needle = query.text;
      return (text) => text.includes(needle);
    }
    // Plain text without case: a regex of the escaped text is faster than lower-casing every line.
    const re = new RegExp(escapeRegExp(query.text), 'i');
    return (text) => re.test(text);
  }
  let re: RegExp;
  try {
    re = new RegExp(query.text, query.caseSensitive ? 'u' : 'iu');
  } catch (error) {
    throw new RemoteError({ code: 'bad-request', message: `Not a valid regular expression: ${(error as Error).message}` });
  }
  // The search runs in main, over every line, with nothing to interrupt it:
  // a pattern with nested repetition can take exponential time on one long
  // line and stall every view. Such patterns are refused, with the reason.
  if (!safeRegex(re)) {
    throw new RemoteError({
      code: 'bad-request',
      message: 'This regular expression repeats a repetition (like (a+)+) and could take very long on a long line; simplify it',
    });
  }
  return (text) => re.test(text);
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
    while (this.scanned < this.store.length) {
      const deadline = performance.now() + SLICE_MS;
      let next = this.scanned;
      this.store.scan(this.scanned, (index, text) => {
        if (accept(index, text)) positions.push(index);
        next = index + 1;
        return next % CLOCK_EVERY !== 0 || performance.now() < deadline;
      });
      this.scanned = next;
      if (this.scanned >= this.store.length) return;
      await yieldToEventLoop();
      if (!live()) throw new ScanAbandoned();
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
  const test = compileQuery(match);
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
  const test = compileQuery(query);
  if (!live()) throw new ScanAbandoned();
  await view.catchUp(live);
  const total = view.length;
  const positions: number[] = [];
  let count = 0;
  let deadline = performance.now() + SLICE_MS;
  for (let position = 0; position < total; position++) {
    if (position % CLOCK_EVERY === 0 && performance.now() > deadline) {
      await yieldToEventLoop();
      if (!live()) throw new ScanAbandoned();
      deadline = performance.now() + SLICE_MS;
    }
    const line = view.lineAt(position);
    const text = store.textAt(line);
    if (store.kindCodeAt(line) !== STREAM_CODE.marker && test(text)) {
      if (count >= from && positions.length < limit) positions.push(position);
      count++;
    }
  }
  return { count, positions };
}

/**
 * Fills a table's filter cache (makeHaystack) while the page is idle. Left
 * to the first keystroke, lower-casing every row's text was a third of that
 * keystroke's work at 2,000 images (~12 ms of 36-46); done here in idle
 * slices, the keystroke only reads the cache. The store keeps unchanged rows
 * identical, so after a change only the changed rows cost anything.
 */
import type { RowSource, Rows } from './source';

/** What requestIdleCallback gives a slice: how long it may still run. */
export interface IdleDeadline {
  timeRemaining(): number;
}

export interface IdleScheduler {
  request(run: (deadline: IdleDeadline) => void): number;
  cancel(handle: number): void;
}

export const browserIdle: IdleScheduler = {
  request: (run) => requestIdleCallback(run),
  cancel: (handle) => cancelIdleCallback(handle),
};

/** A slice stops with this much of its idle time left, so it never runs into the next frame. */
const MARGIN_MS = 1;

/** Computes `haystack` for every row of `source` in idle slices, again after each change; returns how to stop. */
export function warmHaystack<T extends object>(
  source: RowSource<T>,
  haystack: (item: T) => string,
  idle: IdleScheduler = browserIdle,
): () => void {
  let handle: number | null = null;
  /** The rows being warmed and how far; null when the current rows are all warm. */
  let cursor: { rows: Rows<T>; next: number } | null = null;
  let warmed: Rows<T> | null = null;

  const slice = (deadline: IdleDeadline): void => {
    handle = null;
    if (cursor === null) return;
    const { rows } = cursor;
    while (cursor.next < rows.ids.length) {
      if (deadline.timeRemaining() <= MARGIN_MS) {
        handle = idle.request(slice);
        return;
      }
      const item = rows.byId.get(rows.ids[cursor.next]!);
      if (item !== undefined) haystack(item);
      cursor.next += 1;
    }
    warmed = rows;
    cursor = null;
  };

  const changed = (): void => {
    const rows = source.rows();
    if (rows === warmed || rows === cursor?.rows) return;
    cursor = { rows, next: 0 };
    handle ??= idle.request(slice);
  };

  changed();
  const unsubscribe = source.subscribe(changed);
  return () => {
    unsubscribe();
    if (handle !== null) idle.cancel(handle);
    handle = null;
  };
}

/**
 * The Containers table's CPU and memory figures, and which running rows are
 * on screen, both by engine and id (engines/keys.ts: "All engines" shows
 * several engines' rows at once). Figures live in a zustand store: each cell selects
 * its own row, so a batch of new figures re-renders only the cells whose
 * figures changed, never the table. Which rows are on screen is not state
 * anything renders from, so it is kept outside React: cells report their
 * visibility (one shared IntersectionObserver), and the one hook that opens
 * the `stats.rows` stream listens for changes.
 */
import { create } from 'zustand';
import type { StatsRow } from '#shared/stats';
import { objectKey } from '../../engines/keys';

interface StatsRowsStore {
  /** By objectKey(engine, id). */
  readonly byKey: Readonly<Record<string, StatsRow>>;
  apply(engine: string, rows: readonly StatsRow[]): void;
}

/** Beyond this many remembered rows the oldest figures are dropped (rows scrolled past long ago). */
const REMEMBER = 2_000;

export const useStatsRowsStore = create<StatsRowsStore>()((set) => ({
  byKey: {},
  apply: (engine, rows) =>
    set((store) => {
      let byKey: Record<string, StatsRow> = { ...store.byKey };
      for (const row of rows) byKey[objectKey(engine, row.id)] = row;
      const keys = Object.keys(byKey);
      if (keys.length > REMEMBER) {
        const kept = keys.sort((a, b) => byKey[b]!.at - byKey[a]!.at).slice(0, REMEMBER);
        byKey = Object.fromEntries(kept.map((key) => [key, byKey[key]!]));
      }
      return { byKey };
    }),
}));

/** Keys of running rows that are on screen now, with how many of their cells are. */
const onScreen = new Map<string, number>();
const listeners = new Set<() => void>();
const elementKeys = new WeakMap<Element, string>();
const shown = new WeakSet<Element>();
let observer: IntersectionObserver | null = null;

function changed(): void {
  for (const listener of listeners) listener();
}

function mark(key: string, delta: 1 | -1): void {
  const count = (onScreen.get(key) ?? 0) + delta;
  if (count <= 0) onScreen.delete(key);
  else onScreen.set(key, count);
  changed();
}

function sharedObserver(): IntersectionObserver {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const key = elementKeys.get(entry.target);
      if (key === undefined) continue;
      if (entry.isIntersecting && !shown.has(entry.target)) {
        shown.add(entry.target);
        mark(key, 1);
      } else if (!entry.isIntersecting && shown.has(entry.target)) {
        shown.delete(entry.target);
        mark(key, -1);
      }
    }
  });
  return observer;
}

/** Reports `element` (a cell of the running container keyed `key`) as on screen while it intersects the viewport. */
export function observeCell(element: Element, key: string): () => void {
  elementKeys.set(element, key);
  sharedObserver().observe(element);
  return () => {
    observer?.unobserve(element);
    if (shown.has(element)) {
      shown.delete(element);
      mark(key, -1);
    }
  };
}

export function visibleRunningKeys(): string[] {
  return [...onScreen.keys()];
}

export function onVisibleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

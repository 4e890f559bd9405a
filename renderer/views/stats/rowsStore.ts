/**
 * The Containers table's CPU and memory figures, and which running rows are
 * on screen. Figures live in a zustand store keyed by id: each cell selects
 * its own row, so a batch of new figures re-renders only the cells whose
 * figures changed, never the table. Which rows are on screen is not state
 * anything renders from, so it is kept outside React: cells report their
 * visibility (one shared IntersectionObserver), and the one hook that opens
 * the `stats.rows` stream listens for changes.
 */
import { create } from 'zustand';
import type { StatsRow } from '#shared/stats';

interface StatsRowsStore {
  readonly byId: Readonly<Record<string, StatsRow>>;
  apply(rows: readonly StatsRow[]): void;
}

/** Beyond this many remembered rows the oldest figures are dropped (rows scrolled past long ago). */
const REMEMBER = 2_000;

export const useStatsRowsStore = create<StatsRowsStore>()((set) => ({
  byId: {},
  apply: (rows) =>
    set((store) => {
      let byId: Record<string, StatsRow> = { ...store.byId };
      for (const row of rows) byId[row.id] = row;
      const ids = Object.keys(byId);
      if (ids.length > REMEMBER) {
        const kept = ids.sort((a, b) => byId[b]!.at - byId[a]!.at).slice(0, REMEMBER);
        byId = Object.fromEntries(kept.map((id) => [id, byId[id]!]));
      }
      return { byId };
    }),
}));

/** Ids of running rows that are on screen now, with how many of their cells are. */
const onScreen = new Map<string, number>();
const listeners = new Set<() => void>();
const elementIds = new WeakMap<Element, string>();
const shown = new WeakSet<Element>();
let observer: IntersectionObserver | null = null;

function changed(): void {
  for (const listener of listeners) listener();
}

function mark(id: string, delta: 1 | -1): void {
  const count = (onScreen.get(id) ?? 0) + delta;
  if (count <= 0) onScreen.delete(id);
  else onScreen.set(id, count);
  changed();
}

function sharedObserver(): IntersectionObserver {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const id = elementIds.get(entry.target);
      if (id === undefined) continue;
      if (entry.isIntersecting && !shown.has(entry.target)) {
        shown.add(entry.target);
        mark(id, 1);
      } else if (!entry.isIntersecting && shown.has(entry.target)) {
        shown.delete(entry.target);
        mark(id, -1);
      }
    }
  });
  return observer;
}

/** Reports `element` (a cell of running container `id`) as on screen while it intersects the viewport. */
export function observeCell(element: Element, id: string): () => void {
  elementIds.set(element, id);
  sharedObserver().observe(element);
  return () => {
    observer?.unobserve(element);
    if (shown.has(element)) {
      shown.delete(element);
      mark(id, -1);
    }
  };
}

export function visibleRunningIds(): string[] {
  return [...onScreen.keys()];
}

export function onVisibleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A set of ticked keys as a zustand store: the containers ticked for a bulk
 * action, the Images rows ticked for a removal, a cleanup preview's ticked
 * candidates. One store per list, each made here, so that a tick re-renders
 * only the boxes reading it.
 */
import { create } from 'zustand';

export interface TickSet {
  readonly selected: ReadonlySet<string>;
  toggle(key: string): void;
  /** Ticks (or unticks) all of these at once. */
  setMany(keys: readonly string[], on: boolean): void;
  /** Exactly these ticked. */
  reset(keys: Iterable<string>): void;
  clear(): void;
}

export function createTickSet() {
  return create<TickSet>()((set) => ({
    selected: new Set(),
    toggle: (key) =>
      set((store) => {
        const selected = new Set(store.selected);
        if (!selected.delete(key)) selected.add(key);
        return { selected };
      }),
    setMany: (keys, on) =>
      set((store) => {
        const selected = new Set(store.selected);
        for (const key of keys) {
          if (on) selected.add(key);
          else selected.delete(key);
        }
        return { selected };
      }),
    reset: (keys) => set({ selected: new Set(keys) }),
    clear: () => set({ selected: new Set() }),
  }));
}

export type TickSetStore = ReturnType<typeof createTickSet>;

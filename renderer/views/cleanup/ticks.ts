/**
 * Which candidates of the preview on screen are ticked, by item key. Set
 * afresh from each preview's defaults (what Docker's prune would take); a
 * tick changes one box, so a row re-renders alone.
 */
import { create } from 'zustand';

interface TickStore {
  readonly ticked: ReadonlySet<string>;
  reset(keys: Iterable<string>): void;
  toggle(key: string): void;
  setMany(keys: readonly string[], on: boolean): void;
}

export const useTicks = create<TickStore>()((set) => ({
  ticked: new Set(),
  reset: (keys) => set({ ticked: new Set(keys) }),
  toggle: (key) =>
    set((store) => {
      const ticked = new Set(store.ticked);
      if (!ticked.delete(key)) ticked.add(key);
      return { ticked };
    }),
  setMany: (keys, on) =>
    set((store) => {
      const ticked = new Set(store.ticked);
      for (const key of keys) {
        if (on) ticked.add(key);
        else ticked.delete(key);
      }
      return { ticked };
    }),
}));

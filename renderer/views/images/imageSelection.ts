/**
 * The Images rows the user has ticked for a bulk removal, by engine and row
 * key (engines/keys.ts). Rows that have since gone are ignored by readers.
 */
import { create } from 'zustand';

interface ImageSelection {
  readonly selected: ReadonlySet<string>;
  toggle(key: string): void;
  setMany(keys: readonly string[], on: boolean): void;
  clear(): void;
}

export const useImageSelection = create<ImageSelection>()((set) => ({
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
  clear: () => set({ selected: new Set() }),
}));

/**
 * Which containers the user has ticked for a bulk action. Ids of containers
 * that have since gone are ignored by readers (see `useSelectedContainers`)
 * rather than chased here.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Container } from '#shared/model';
import { useEngineStore } from './engineStore';

interface SelectionStore {
  readonly selected: ReadonlySet<string>;
  toggle(id: string): void;
  /** Ticks (or unticks) all of these at once. */
  setMany(ids: readonly string[], selected: boolean): void;
  clear(): void;
}

export const useSelectionStore = create<SelectionStore>()((set) => ({
  selected: new Set(),
  toggle: (id) =>
    set((store) => {
      const selected = new Set(store.selected);
      if (!selected.delete(id)) selected.add(id);
      return { selected };
    }),
  setMany: (ids, on) =>
    set((store) => {
      const selected = new Set(store.selected);
      for (const id of ids) {
        if (on) selected.add(id);
        else selected.delete(id);
      }
      return { selected };
    }),
  clear: () => set({ selected: new Set() }),
}));

export function useIsSelected(id: string): boolean {
  return useSelectionStore((store) => store.selected.has(id));
}

/** The ticked containers that still exist, in the store's order. */
export function useSelectedContainers(): Container[] {
  const selected = useSelectionStore((store) => store.selected);
  return useEngineStore(
    useShallow((store) => {
      const found: Container[] = [];
      for (const id of selected) {
        const container = store.containers.byId.get(id);
        if (container) found.push(container);
      }
      return found;
    }),
  );
}

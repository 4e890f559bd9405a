/**
 * Which containers the user has ticked for a bulk action, by engine and id
 * (engines/keys.ts): ticking on one engine's page leaves another's alone.
 * Containers that have since gone are ignored by readers (see
 * `useSelectedContainers`) rather than chased here.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Container } from '#shared/model';
import { objectKey } from '../engines/keys';
import { useEngineId } from '../engines/scope';
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
  const key = objectKey(useEngineId(), id);
  return useSelectionStore((store) => store.selected.has(key));
}

/** The ticked containers of the engine in scope that still exist. */
export function useSelectedContainers(): Container[] {
  const engine = useEngineId();
  const selected = useSelectionStore((store) => store.selected);
  return useEngineStore(
    useShallow((store) => {
      const found: Container[] = [];
      const prefix = objectKey(engine, '');
      for (const key of selected) {
        if (!key.startsWith(prefix)) continue;
        const container = store.containers.byId.get(key.slice(prefix.length));
        if (container) found.push(container);
      }
      return found;
    }),
  );
}

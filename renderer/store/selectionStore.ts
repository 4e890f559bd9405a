/**
 * Which containers the user has ticked for a bulk action, by engine and id
 * (engines/keys.ts): ticking on one engine's page leaves another's alone.
 * Containers that have since gone are ignored by readers (see
 * `useSelectedContainers`) rather than chased here.
 */
import { useContext, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Container } from '#shared/model';
import { objectKey, splitKey } from '../engines/keys';
import { EngineScope, useEngineId } from '../engines/scope';
import { useEnginesStore } from './engineStore';
import { createTickSet } from './tickSet';

export const useSelectionStore = createTickSet();

export function useIsSelected(id: string): boolean {
  const key = objectKey(useEngineId(), id);
  return useSelectionStore((store) => store.selected.has(key));
}

/** A ticked container and the engine it is on. */
export interface SelectedContainer {
  readonly engine: string;
  readonly container: Container;
}

/**
 * The ticked containers that still exist: the engine in scope's on its own
 * page, every engine's in "All engines" (no scope), in the order ticked.
 */
export function useSelectedContainers(): readonly SelectedContainer[] {
  const scope = useContext(EngineScope);
  const selected = useSelectionStore((store) => store.selected);
  // Flat (engine, container, engine, container, …) so that a shallow compare finds an unchanged selection unchanged.
  const flat = useEnginesStore(
    useShallow((store) => {
      const found: (string | Container)[] = [];
      for (const key of selected) {
        const { engine, id } = splitKey(key);
        if (scope !== null && engine !== scope) continue;
        const container = store.byEngine[engine]?.containers.byId.get(id);
        if (container) found.push(engine, container);
      }
      return found;
    }),
  );
  return useMemo(() => {
    const pairs: SelectedContainer[] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push({ engine: flat[i] as string, container: flat[i + 1] as Container });
    return pairs;
  }, [flat]);
}

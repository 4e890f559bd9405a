/**
 * What the Volumes views know beyond each volume's own fields: which
 * containers use it (from the containers Berth already has, no engine call)
 * and its size once the user asked (the engine's disk usage, slow on a big
 * engine, so never read on its own).
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { Container } from '#shared/model';
import type { VolumeSizes } from '#shared/volumes';
import { useEngineId } from '../../engines/scope';
import type { Collection } from '../../store/reduce';
import { useEngineStore } from '../../store/engineStore';

export interface VolumeUser {
  readonly id: string;
  readonly name: string;
}

const NONE: readonly VolumeUser[] = [];
const indexes = new WeakMap<Collection<Container>, ReadonlyMap<string, readonly VolumeUser[]>>();

/** Volume name → its containers, built once per containers collection however many rows ask. */
function usersIndex(containers: Collection<Container>): ReadonlyMap<string, readonly VolumeUser[]> {
  let index = indexes.get(containers);
  if (index === undefined) {
    const built = new Map<string, VolumeUser[]>();
    for (const container of containers.byId.values()) {
      for (const volume of container.mounts) {
        const list = built.get(volume) ?? [];
        list.push({ id: container.id, name: container.name });
        built.set(volume, list);
      }
    }
    for (const list of built.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    index = built;
    indexes.set(containers, index);
  }
  return index;
}

/** The containers of the engine in scope that mount `volume`. */
export function useVolumeUsers(volume: string): readonly VolumeUser[] {
  const containers = useEngineStore((store) => store.containers);
  return useMemo(() => usersIndex(containers).get(volume) ?? NONE, [containers, volume]);
}

interface SizeStore {
  readonly byEngine: Readonly<Record<string, VolumeSizes>>;
  set(engine: string, sizes: VolumeSizes): void;
}

export const useSizeStore = create<SizeStore>((set) => ({
  byEngine: {},
  set: (engine, sizes) => set((store) => ({ byEngine: { ...store.byEngine, [engine]: sizes } })),
}));

/** A volume's size in bytes on the engine in scope: undefined until measured, null when the engine could not say. */
export function useVolumeSize(volume: string): number | null | undefined {
  const engine = useEngineId();
  return useSizeStore((store) => {
    const sizes = store.byEngine[engine];
    return sizes === undefined ? undefined : (sizes.sizes[volume] ?? null);
  });
}

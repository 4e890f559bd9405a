/**
 * The objects the user pinned in Berth so that no cleanup offers them, per
 * engine (by the daemon's own id, so a pin follows the engine whatever
 * context or address reaches it). Kept in `protected.json` beside Berth's
 * settings.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { CleanupItemRefSchema, cleanupItemKey, type CleanupItemRef } from '#shared/cleanup';
import { privateJsonFile } from '../../json-file';

export interface PinStore {
  /** The engine's pinned objects. */
  list(engineKey: string): readonly CleanupItemRef[];
  /** The keys (cleanupItemKey) of the engine's pinned objects. */
  pinned(engineKey: string): ReadonlySet<string>;
  set(engineKey: string, item: CleanupItemRef, pinned: boolean): void;
}

const PinFileSchema = z.object({
  version: z.literal(1),
  engines: z.record(z.string(), z.array(CleanupItemRefSchema)),
});
type PinFile = z.infer<typeof PinFileSchema>;

function pinStore(load: () => PinFile['engines'], save: (engines: PinFile['engines']) => void): PinStore {
  let engines: PinFile['engines'] | undefined;
  const current = () => (engines ??= load());
  const list = (engineKey: string) => current()[engineKey] ?? [];
  return {
    list,
    pinned: (engineKey) => new Set(list(engineKey).map(cleanupItemKey)),
    set(engineKey, item, pinned) {
      const kept = list(engineKey).filter((pin) => cleanupItemKey(pin) !== cleanupItemKey(item));
      const next = { ...current(), [engineKey]: pinned ? [...kept, { kind: item.kind, id: item.id }] : kept };
      save(next);
      engines = next;
    },
  };
}

/** Pins that live as long as the process (an engine service on its own, tests). */
export function memoryPins(): PinStore {
  return pinStore(
    () => ({}),
    () => undefined,
  );
}

export function pinsFile(dir: string): PinStore {
  const file = privateJsonFile(join(dir, 'protected.json'), PinFileSchema);
  return pinStore(
    () => file.read()?.engines ?? {},
    (engines) => file.write({ version: 1, engines }),
  );
}

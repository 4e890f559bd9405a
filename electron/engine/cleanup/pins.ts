/**
 * The objects the user pinned in Berth so that no cleanup offers them, per
 * engine (by the daemon's own id, so a pin follows the engine whatever
 * context or address reaches it). Kept in `protected.json` beside Berth's
 * settings, written whole to a temporary file and renamed over the old one;
 * a file Berth cannot read is set aside, never lost.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CleanupItemRefSchema, cleanupItemKey, type CleanupItemRef } from '#shared/cleanup';

export interface PinStore {
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
  return {
    pinned: (engineKey) => new Set((current()[engineKey] ?? []).map(cleanupItemKey)),
    set(engineKey, item, pinned) {
      const kept = (current()[engineKey] ?? []).filter((pin) => cleanupItemKey(pin) !== cleanupItemKey(item));
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
  const path = join(dir, 'protected.json');
  return pinStore(
    () => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return {};
      }
      let problem: string;
      try {
        const parsed = PinFileSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data.engines;
        problem = z.prettifyError(parsed.error);
      } catch (error) {
        problem = (error as Error).message;
      }
      const aside = `${path}.unreadable-${Date.now()}`;
      renameSync(path, aside);
      console.error(`berth: ${path} could not be read (${problem}); it was moved to ${aside}`);
      return {};
    },
    (engines) => {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ version: 1, engines } satisfies PinFile, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
  );
}

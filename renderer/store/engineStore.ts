/**
 * What the renderer knows of every engine, fed only by the `engines` stream
 * and each engine's `state` stream (see sync.ts): the engine list, and per
 * engine its status and one collection per kind, keyed by id. Views select
 * narrowly (a row selects its own item by id); most views show one engine
 * and read it through `useEngineStore`, which picks the engine in scope.
 */
import { create } from 'zustand';
import type { EngineEntry } from '#shared/engines';
import type { EngineStatus, StateMessage } from '#shared/model';
import { useEngineId } from '../engines/scope';
import { applyStateMessages, initialEngineState, type EngineState } from './reduce';
import { sameJson } from './sameJson';

export interface EngineStore extends EngineState {
  /** Why this engine's state stream broke, while it is being reopened; null when it is live. */
  readonly streamError: string | null;
}

export interface EngineBatch {
  readonly engine: string;
  readonly messages: readonly StateMessage[];
}

export interface EnginesStore {
  /** Null until the engine list arrives. */
  readonly engines: readonly EngineEntry[] | null;
  /** Each engine's connection as the engine list last said it (engineStatusOf picks the one to show). */
  readonly statuses: Readonly<Record<string, EngineStatus>>;
  readonly byEngine: Readonly<Record<string, EngineStore>>;
  setEngines(engines: readonly EngineEntry[], statuses: Readonly<Record<string, EngineStatus>>): void;
  apply(batches: readonly EngineBatch[]): void;
  streamLost(engine: string, reason: string): void;
  /** The page stopped following the engine's state: what it held of it goes. */
  release(engine: string): void;
}

export const emptyEngine: EngineStore = { ...initialEngineState, streamError: null };

function applyTo(slice: EngineStore, messages: readonly StateMessage[]): EngineStore {
  const next = applyStateMessages(slice, messages);
  // A snapshot opens every stream: seeing one means the feed is live again.
  const recovered = slice.streamError !== null && messages.some((m) => m.type === 'snapshot');
  if (next === slice && !recovered) return slice;
  return { ...next, streamError: recovered ? null : slice.streamError };
}

export const useEnginesStore = create<EnginesStore>()((set) => ({
  engines: null,
  statuses: {},
  byEngine: {},
  setEngines: (engines, statuses) =>
    set((store) => {
      // The list comes again with every status change: keep the same list (and
      // spare whatever reads it a render) while no engine came, went or changed.
      if (store.engines !== null && sameJson(store.engines, engines)) return { statuses };
      // An engine that left the list takes its state with it.
      const byEngine: Record<string, EngineStore> = {};
      for (const { id } of engines) byEngine[id] = store.byEngine[id] ?? emptyEngine;
      return { engines, statuses, byEngine };
    }),
  apply: (batches) =>
    set((store) => {
      let byEngine: Record<string, EngineStore> | null = null;
      for (const { engine, messages } of batches) {
        // Before the engine list first comes, a stream opened on the address's
        // word (see sync.ts) may bring its snapshot first: keep it; the list
        // drops it if there is no such engine.
        const slice = (byEngine ?? store.byEngine)[engine] ?? (store.engines === null ? emptyEngine : undefined);
        if (slice === undefined) continue; // removed meanwhile
        const next = applyTo(slice, messages);
        if (next === slice) continue;
        byEngine ??= { ...store.byEngine };
        byEngine[engine] = next;
      }
      // Returning the store itself tells zustand nothing changed: no render at all.
      return byEngine === null ? store : { byEngine };
    }),
  streamLost: (engine, reason) =>
    set((store) => {
      const slice = store.byEngine[engine];
      return slice === undefined ? store : { byEngine: { ...store.byEngine, [engine]: { ...slice, streamError: reason } } };
    }),
  release: (engine) =>
    set((store) => {
      const slice = store.byEngine[engine];
      return slice === undefined || slice === emptyEngine ? store : { byEngine: { ...store.byEngine, [engine]: emptyEngine } };
    }),
}));

/**
 * An engine's connection as its badge says it: its own state stream's status
 * where the page follows it (ordered with that engine's data), else the one
 * the engine list carries.
 */
export function engineStatusOf(store: EnginesStore, engine: string): EngineStatus | null {
  return store.byEngine[engine]?.status ?? store.statuses[engine] ?? null;
}

/** The state of one engine (empty until its first snapshot, or when there is no such engine). */
export function engineState(engine: string): EngineStore {
  return useEnginesStore.getState().byEngine[engine] ?? emptyEngine;
}

/** Selects from the state of the engine in scope (see engines/scope.ts). */
export function useEngineStore<T>(selector: (store: EngineStore) => T): T {
  const engine = useEngineId();
  return useEnginesStore((store) => selector(store.byEngine[engine] ?? emptyEngine));
}

/**
 * The rows of "All engines": every chosen engine's objects of one kind in
 * one list, each keyed by objectKey(engine, id), so the same image on two
 * engines is two rows. Memoised per engine: a delta on one engine re-keys
 * nothing when it leaves that engine's ids alone, never touches another
 * engine's keys, and an unchanged object keeps its row object (the table
 * re-renders only rows whose object changed).
 */
import type { ResourceKind, ResourceOf } from '#shared/kinds';
import { objectKey, splitKey } from '../../engines/keys';
import { emptyEngine, useEnginesStore, type EnginesStore } from '../../store/engineStore';
import { collectionOf } from '../../store/reduce';
import { stateOfStatus, type RowSource, type Rows, type SourceState } from '../../table/source';

export interface MergedRow<T> {
  /** objectKey(engine, item's id). */
  readonly key: string;
  readonly engine: string;
  readonly item: T;
}

export interface EngineRows<T> {
  readonly engine: string;
  readonly rows: Rows<T>;
}

interface PerEngine<T extends object> {
  rows: Rows<T>;
  ids: readonly string[];
  keys: readonly string[];
  /** Each object's row, made once per object (objects are replaced, never changed, when they update). */
  readonly wrapped: WeakMap<T, MergedRow<T>>;
}

/** A merger with its own memory: call it with each engine's rows, in the order to list them. */
export function createMerge<T extends object>(): (engines: readonly EngineRows<T>[]) => Rows<MergedRow<T>> {
  const cache = new Map<string, PerEngine<T>>();
  let lastInput: readonly EngineRows<T>[] = [];
  let last: Rows<MergedRow<T>> | null = null;

  return (engines) => {
    const unchanged =
      last !== null &&
      engines.length === lastInput.length &&
      engines.every((e, i) => e.engine === lastInput[i]?.engine && e.rows === lastInput[i]?.rows);
    if (unchanged && last !== null) return last;

    let rekeyed = last === null || engines.length !== lastInput.length || engines.some((e, i) => e.engine !== lastInput[i]?.engine);
    const current = new Map<string, PerEngine<T>>();
    for (const { engine, rows } of engines) {
      let entry = cache.get(engine);
      if (entry === undefined) {
        entry = { rows, ids: rows.ids, keys: rows.ids.map((id) => objectKey(engine, id)), wrapped: new WeakMap() };
        rekeyed = true;
      } else if (entry.ids !== rows.ids) {
        entry.ids = rows.ids;
        entry.keys = rows.ids.map((id) => objectKey(engine, id));
        rekeyed = true;
      }
      entry.rows = rows;
      current.set(engine, entry);
    }
    for (const engine of cache.keys()) if (!current.has(engine)) cache.delete(engine);
    for (const [engine, entry] of current) cache.set(engine, entry);

    const ids = rekeyed || last === null ? [...current.values()].flatMap((entry) => entry.keys) : last.ids;
    const byId = {
      get(key: string): MergedRow<T> | undefined {
        const { engine, id } = splitKey(key);
        const entry = current.get(engine);
        const item = entry?.rows.byId.get(id);
        if (entry === undefined || item === undefined) return undefined;
        let row = entry.wrapped.get(item);
        if (row === undefined) {
          row = { key, engine, item };
          entry.wrapped.set(item, row);
        }
        return row;
      },
    };
    lastInput = engines;
    last = { ids, byId };
    return last;
  };
}

/** The chosen engines' state as one: connected when any is, loading while any has yet to say. */
function mergedState(statuses: readonly SourceState[]): SourceState {
  if (statuses.includes('connected')) return 'connected';
  return statuses.includes('loading') ? 'loading' : 'unavailable';
}

/** Every engine's rows of one kind (or only `engine`'s when one is chosen), live from the engines store. */
export function mergedSource<K extends ResourceKind>(kind: K, engine: string | null): RowSource<MergedRow<ResourceOf[K]>> {
  const merge = createMerge<ResourceOf[K]>();
  const chosen = (store: EnginesStore) => (store.engines ?? []).filter((e) => engine === null || e.id === engine);
  return {
    subscribe: (listener) => useEnginesStore.subscribe(listener),
    rows: () => {
      const store = useEnginesStore.getState();
      return merge(chosen(store).map((e) => ({ engine: e.id, rows: collectionOf(store.byEngine[e.id] ?? emptyEngine, kind) })));
    },
    state: () => {
      const store = useEnginesStore.getState();
      if (store.engines === null) return 'loading';
      return mergedState(chosen(store).map((e) => stateOfStatus(store.byEngine[e.id]?.status ?? null)));
    },
  };
}

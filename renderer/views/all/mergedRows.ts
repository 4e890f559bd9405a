/**
 * The rows of "All engines": every chosen engine's rows of one kind's table
 * in one list, each keyed by objectKey(engine, the row's key), so the same
 * image on two engines is two rows. Each engine's rows come from the
 * table's own source (KindTable.rows), memoised there; merging them is
 * memoised per engine too: a change on one engine re-keys nothing when it
 * leaves that engine's keys alone, never touches another engine's keys,
 * and an unchanged row keeps its merged row object (the table re-renders
 * only rows that changed).
 */
import { objectKey, splitKey } from '../../engines/keys';
import { useEnginesStore, type EnginesStore } from '../../store/engineStore';
import type { RowSource, Rows, SourceState } from '../../table/source';

export interface MergedRow<T> {
  /** objectKey(engine, item's key in its engine's rows). */
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
  /** Each item's merged row, made once per item (items are replaced, never changed, when they update). */
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

/**
 * Every engine's rows of one table (or only `engine`'s when one is chosen),
 * live from the engines store: `rowsOf` gives an engine's own source, asked
 * for once per engine while it is listed.
 */
export function mergedSource<T extends object>(rowsOf: (engine: string) => RowSource<T>, engine: string | null): RowSource<MergedRow<T>> {
  const merge = createMerge<T>();
  let sources = new Map<string, RowSource<T>>();
  /** The chosen engines' sources, in the engine list's order; an engine that left is forgotten. */
  const chosen = (store: EnginesStore): ReadonlyMap<string, RowSource<T>> => {
    const next = new Map<string, RowSource<T>>();
    for (const e of store.engines ?? []) {
      if (engine === null || e.id === engine) next.set(e.id, sources.get(e.id) ?? rowsOf(e.id));
    }
    sources = next;
    return next;
  };
  return {
    subscribe: (listener) => useEnginesStore.subscribe(listener),
    rows: () => merge([...chosen(useEnginesStore.getState())].map(([id, source]) => ({ engine: id, rows: source.rows() }))),
    state: () => {
      const store = useEnginesStore.getState();
      if (store.engines === null) return 'loading';
      return mergedState([...chosen(store).values()].map((source) => source.state()));
    },
  };
}

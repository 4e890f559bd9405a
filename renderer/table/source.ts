/**
 * Where a table's rows come from. The table knows nothing of engines or
 * folders: a source hands it the rows (their keys in the default order and
 * a lookup by key), whether they are still loading, and a way to hear of
 * changes. One engine's list, the merged "All engines" lists and a folder's
 * files are each a source, so all of them share one table.
 */
import { KINDS, type ResourceKind, type ResourceOf } from '#shared/kinds';
import { engineState, useEnginesStore } from '../store/engineStore';
import { collectionOf } from '../store/reduce';

/**
 * The rows, in their default order. A store's Collection is one as it is.
 * A new object whenever any row changes (so filter and sort re-run), the
 * same one while nothing does; `ids` a new array only when membership or
 * order changes, and an unchanged row keeps its identity.
 */
export interface Rows<T> {
  readonly ids: readonly string[];
  readonly byId: { get(key: string): T | undefined };
}

/** What the table says when it has no rows: still loading, nothing there, or no engine to ask. */
export type SourceState = 'loading' | 'connected' | 'unavailable';

export interface RowSource<T> {
  /** Calls the listener after any change; returns the unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
  readonly rows: () => Rows<T>;
  readonly state: () => SourceState;
}

/** An engine's status as the table words it. */
export function stateOfStatus(status: { state: string } | null): SourceState {
  return status === null ? 'loading' : status.state === 'connected' ? 'connected' : 'unavailable';
}

/** One engine's list of one kind, live from the engines store. */
export function engineSource<K extends ResourceKind>(engine: string, kind: K): RowSource<ResourceOf[K]> {
  return {
    subscribe: (listener) => useEnginesStore.subscribe(listener),
    rows: () => collectionOf(engineState(engine), kind),
    state: () => stateOfStatus(engineState(engine).status),
  };
}

/** Rows that never change once made (a folder's listing): made once, read as they are. */
export function fixedSource<T>(items: readonly T[], keyOf: (item: T) => string): RowSource<T> {
  const byId = new Map(items.map((item) => [keyOf(item), item]));
  const rows: Rows<T> = { ids: [...byId.keys()], byId };
  return { subscribe: () => () => undefined, rows: () => rows, state: () => 'connected' };
}

/** The words a kind's table uses, from its declaration. */
export function kindWords(kind: ResourceKind): { label: string; noun: string; nounOne: string } {
  const { label, noun, nounOne } = KINDS[kind];
  return { label, noun, nounOne };
}

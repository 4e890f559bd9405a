/**
 * The pure heart of the store: engine state plus the `state` stream's
 * messages in, new engine state out. Everything unchanged keeps its identity
 * (items, collections, id lists, status) so that React re-renders only what
 * an event really touched. Every kind is handled alike, from its
 * declaration in shared/kinds.ts (its collection's name and default order).
 */
import { KIND_NAMES, KINDS, type OrderKey, type PerCollection, type ResourceKind, type ResourceOf } from '#shared/kinds';
import type { Delta, EngineStatus, Snapshot, StateMessage } from '#shared/model';
import { sameJson } from './sameJson';

export interface Collection<T extends { id: string }> {
  readonly byId: ReadonlyMap<string, T>;
  /**
   * Every id, ordered by the kind's default key (its declaration's `order`).
   * A new array only when membership or an item's order key changes, so
   * lists that depend on it stay put while items merely update.
   */
  readonly ids: readonly string[];
}

type Collections = Readonly<PerCollection<{ [K in ResourceKind]: Collection<ResourceOf[K]> }>>;

export type EngineState = {
  /** Null until the first snapshot arrives. */
  readonly status: EngineStatus | null;
} & Collections;

// TypeScript cannot pair a kind with its collection's name or its order's
// argument through the mapped types, so these two say it, once.
/** One kind's collection in an engine's state. */
export function collectionOf<K extends ResourceKind>(state: Collections, kind: K): Collection<ResourceOf[K]> {
  return (state as unknown as Record<string, Collection<ResourceOf[K]>>)[KINDS[kind].collection] as Collection<ResourceOf[K]>;
}
function orderOf<K extends ResourceKind>(kind: K): (item: ResourceOf[K]) => OrderKey {
  return KINDS[kind].order as (item: ResourceOf[K]) => OrderKey;
}

/** Builds every kind's collection, each from its kind. */
function eachCollection(make: <K extends ResourceKind>(kind: K) => Collection<ResourceOf[K]>): Collections {
  return Object.fromEntries(KIND_NAMES.map((kind) => [KINDS[kind].collection, make(kind)])) as unknown as Collections;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareKeys(a: OrderKey, b: OrderKey): number {
  return a[0] - b[0] || collator.compare(a[1], b[1]);
}

function sameKey(a: OrderKey, b: OrderKey): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

const emptyCollection: Collection<never> = { byId: new Map<string, never>(), ids: [] };

export const initialEngineState: EngineState = { status: null, ...eachCollection(() => emptyCollection) };

function sortedIds<T extends { id: string }>(byId: ReadonlyMap<string, T>, key: (item: T) => OrderKey): string[] {
  const entries = [...byId.values()].map((item) => [key(item), item.id] as const);
  entries.sort((a, b) => compareKeys(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return entries.map((entry) => entry[1]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** A snapshot's list for one kind, reusing every item (and the collection) that did not change. */
function replaceCollection<T extends { id: string }>(
  previous: Collection<T>,
  items: readonly T[],
  key: (item: T) => OrderKey,
): Collection<T> {
  const byId = new Map<string, T>();
  let changed = items.length !== previous.byId.size;
  for (const item of items) {
    const old = previous.byId.get(item.id);
    if (old !== undefined && sameJson(old, item)) {
      byId.set(item.id, old);
    } else {
      byId.set(item.id, item);
      changed = true;
    }
  }
  if (!changed) return previous;
  const ids = sortedIds(byId, key);
  return { byId, ids: sameList(ids, previous.ids) ? previous.ids : ids };
}

type Change<T> = { op: 'upsert'; item: T } | { op: 'remove'; id: string };
type Changes = { [K in ResourceKind]: Change<ResourceOf[K]>[] };

function groupByKind(deltas: readonly Delta[]): Changes {
  const changes = Object.fromEntries(KIND_NAMES.map((kind) => [kind, []])) as unknown as Changes;
  // Each delta's item is of its kind (the Delta type pairs them); the lists' element types are merged here.
  for (const delta of deltas) (changes[delta.kind] as Change<ResourceOf[ResourceKind]>[]).push(delta);
  return changes;
}

/** One kind's changes, in order; copies the map only if something really changes. */
function applyChanges<T extends { id: string }>(
  previous: Collection<T>,
  changes: readonly Change<T>[],
  key: (item: T) => OrderKey,
): Collection<T> {
  let byId: Map<string, T> | null = null;
  let reorder = false;
  for (const change of changes) {
    const current: ReadonlyMap<string, T> = byId ?? previous.byId;
    if (change.op === 'remove') {
      if (!current.has(change.id)) continue;
      byId ??= new Map(previous.byId);
      byId.delete(change.id);
      reorder = true;
      continue;
    }
    const { item } = change;
    const old = current.get(item.id);
    if (old !== undefined && sameJson(old, item)) continue;
    byId ??= new Map(previous.byId);
    byId.set(item.id, item);
    if (old === undefined || !sameKey(key(old), key(item))) reorder = true;
  }
  if (byId === null) return previous;
  if (!reorder) return { byId, ids: previous.ids };
  const ids = sortedIds(byId, key);
  return { byId, ids: sameList(ids, previous.ids) ? previous.ids : ids };
}

function applyDeltas(state: EngineState, deltas: readonly Delta[]): EngineState {
  const changes = groupByKind(deltas);
  const next: EngineState = {
    status: state.status,
    ...eachCollection((kind) => applyChanges(collectionOf(state, kind), changes[kind], orderOf(kind))),
  };
  return sameFields(next, state) ? state : next;
}

function sameFields(a: EngineState, b: EngineState): boolean {
  return a.status === b.status && KIND_NAMES.every((kind) => collectionOf(a, kind) === collectionOf(b, kind));
}

function applySnapshot(state: EngineState, snapshot: Snapshot): EngineState {
  const replaced: EngineState = {
    status: sameJson(state.status, snapshot.status) ? state.status : snapshot.status,
    ...eachCollection((kind) => replaceCollection(collectionOf(state, kind), itemsOf(snapshot, kind), orderOf(kind))),
  };
  return sameFields(replaced, state) ? state : replaced;
}

/** One kind's list in a snapshot. */
function itemsOf<K extends ResourceKind>(snapshot: Snapshot, kind: K): readonly ResourceOf[K][] {
  return (snapshot as unknown as Record<string, ResourceOf[K][]>)[KINDS[kind].collection] ?? [];
}

function applyStatus(state: EngineState, status: EngineStatus): EngineState {
  return sameJson(state.status, status) ? state : { ...state, status };
}

/** Applies a batch of stream messages in order; returns `state` itself when nothing changed. */
export function applyStateMessages(state: EngineState, messages: readonly StateMessage[]): EngineState {
  let next = state;
  // Everything before the last snapshot is superseded by it.
  let start = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.type === 'snapshot') {
      start = i;
      break;
    }
  }
  for (let i = start; i < messages.length; i++) {
    const message = messages[i];
    if (message === undefined) continue;
    switch (message.type) {
      case 'snapshot':
        next = applySnapshot(next, message.snapshot);
        break;
      case 'deltas':
        next = applyDeltas(next, message.deltas);
        break;
      case 'status':
        next = applyStatus(next, message.status);
        break;
    }
  }
  return next;
}

/**
 * The pure heart of the store: engine state plus the `state` stream's
 * messages in, new engine state out. Everything unchanged keeps its identity
 * (items, collections, id lists, status) so that React re-renders only what
 * an event really touched.
 */
import type {
  Container,
  Delta,
  EngineStatus,
  Image,
  Network,
  ResourceKind,
  ResourceOf,
  StateMessage,
  Volume,
} from '#shared/model';
import { sameJson } from './sameJson';

export interface Collection<T extends { id: string }> {
  readonly byId: ReadonlyMap<string, T>;
  /**
   * Every id, ordered by the kind's default key (see `orderKey`). A new array
   * only when membership or an item's order key changes, so lists that depend
   * on it stay put while items merely update.
   */
  readonly ids: readonly string[];
}

export interface EngineState {
  /** Null until the first snapshot arrives. */
  readonly status: EngineStatus | null;
  readonly containers: Collection<Container>;
  readonly images: Collection<Image>;
  readonly volumes: Collection<Volume>;
  readonly networks: Collection<Network>;
}

type CollectionKey = 'containers' | 'images' | 'volumes' | 'networks';

const COLLECTION_OF: { [K in ResourceKind]: CollectionKey } = {
  container: 'containers',
  image: 'images',
  volume: 'volumes',
  network: 'networks',
};

/** What a kind is listed by when nothing else is asked for: a group first, then text. */
type OrderKey = readonly [group: number, text: string];

const orderKey: { [K in ResourceKind]: (item: ResourceOf[K]) => OrderKey } = {
  container: (c) => [0, c.name],
  // Untagged images go after the tagged ones, by id.
  image: (i) => (i.tags[0] === undefined ? [1, i.id] : [0, i.tags[0]]),
  volume: (v) => [0, v.name],
  network: (n) => [0, n.name],
};

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareKeys(a: OrderKey, b: OrderKey): number {
  return a[0] - b[0] || collator.compare(a[1], b[1]);
}

function sameKey(a: OrderKey, b: OrderKey): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function emptyCollection<T extends { id: string }>(): Collection<T> {
  return { byId: new Map(), ids: [] };
}

export const initialEngineState: EngineState = {
  status: null,
  containers: emptyCollection(),
  images: emptyCollection(),
  volumes: emptyCollection(),
  networks: emptyCollection(),
};

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

interface Changes {
  containers: Change<Container>[];
  images: Change<Image>[];
  volumes: Change<Volume>[];
  networks: Change<Network>[];
}

function groupByKind(deltas: readonly Delta[]): Changes {
  const changes: Changes = { containers: [], images: [], volumes: [], networks: [] };
  for (const delta of deltas) {
    if (delta.op === 'remove') {
      changes[COLLECTION_OF[delta.kind]].push(delta);
      continue;
    }
    switch (delta.kind) {
      case 'container':
        changes.containers.push(delta);
        break;
      case 'image':
        changes.images.push(delta);
        break;
      case 'volume':
        changes.volumes.push(delta);
        break;
      case 'network':
        changes.networks.push(delta);
        break;
    }
  }
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
    containers: applyChanges(state.containers, changes.containers, orderKey.container),
    images: applyChanges(state.images, changes.images, orderKey.image),
    volumes: applyChanges(state.volumes, changes.volumes, orderKey.volume),
    networks: applyChanges(state.networks, changes.networks, orderKey.network),
  };
  return sameFields(next, state) ? state : next;
}

function sameFields(a: EngineState, b: EngineState): boolean {
  return (
    a.status === b.status &&
    a.containers === b.containers &&
    a.images === b.images &&
    a.volumes === b.volumes &&
    a.networks === b.networks
  );
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
      case 'snapshot': {
        const { snapshot } = message;
        const replaced: EngineState = {
          status: sameJson(next.status, snapshot.status) ? next.status : snapshot.status,
          containers: replaceCollection(next.containers, snapshot.containers, orderKey.container),
          images: replaceCollection(next.images, snapshot.images, orderKey.image),
          volumes: replaceCollection(next.volumes, snapshot.volumes, orderKey.volume),
          networks: replaceCollection(next.networks, snapshot.networks, orderKey.network),
        };
        if (!sameFields(replaced, next)) next = replaced;
        break;
      }
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

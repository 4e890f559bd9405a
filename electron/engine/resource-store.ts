/**
 * The main process's normalised copy of the engine's objects. Every change
 * goes through here and comes out as deltas, and only real changes do: an
 * upsert equal to what is stored emits nothing, so a burst of events that
 * ends where it started costs the renderer nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { KIND_NAMES, KINDS, type ResourceKind, type ResourceOf } from '#shared/kinds';
import type { Delta, Lists } from '#shared/model';

type Maps = { [K in ResourceKind]: Map<string, ResourceOf[K]> };

function upsertDelta<K extends ResourceKind>(kind: K, item: ResourceOf[K]): Delta {
  // The union's members pair each kind with its item type; TypeScript cannot
  // correlate the two generics, so the pair is asserted once, here.
  return { op: 'upsert', kind, item } as Delta;
}

export class ResourceStore {
  // One map per kind; fromEntries cannot tell TypeScript which map holds which kind.
  private readonly maps = Object.fromEntries(KIND_NAMES.map((kind) => [kind, new Map()])) as Maps;
  private readonly listeners = new Set<(deltas: Delta[]) => void>();

  /** Listen to every change; returns the unsubscribe. */
  subscribe(listener: (deltas: Delta[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get<K extends ResourceKind>(kind: K, id: string): ResourceOf[K] | undefined {
    return this.maps[kind].get(id);
  }

  size(kind: ResourceKind): number {
    return this.maps[kind].size;
  }

  /** Every kind's list under its collection's name, as a snapshot carries them. */
  snapshot(): Lists {
    return Object.fromEntries(KIND_NAMES.map((kind) => [KINDS[kind].collection, [...this.maps[kind].values()]])) as Lists;
  }

  upsert<K extends ResourceKind>(kind: K, item: ResourceOf[K]): void {
    const deltas: Delta[] = [];
    this.put(kind, item, deltas);
    this.emit(deltas);
  }

  remove(kind: ResourceKind, id: string): void {
    if (this.maps[kind].delete(id)) this.emit([{ op: 'remove', kind, id }]);
  }

  /** A full list came back: store it, emitting only what differs (a resync after reconnect). */
  replaceAll<K extends ResourceKind>(kind: K, items: ResourceOf[K][]): void {
    const deltas: Delta[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(item.id);
      this.put(kind, item, deltas);
    }
    for (const id of [...this.maps[kind].keys()]) {
      if (!seen.has(id)) {
        this.maps[kind].delete(id);
        deltas.push({ op: 'remove', kind, id });
      }
    }
    this.emit(deltas);
  }

  private put<K extends ResourceKind>(kind: K, item: ResourceOf[K], deltas: Delta[]): void {
    const map = this.maps[kind];
    const before = map.get(item.id);
    if (before && isDeepStrictEqual(before, item)) return;
    map.set(item.id, item);
    deltas.push(upsertDelta(kind, item));
    if (kind === 'image') this.releaseTags(item as ResourceOf['image'], deltas);
  }

  /**
   * A tag names one image at a time. When an image gains a tag (a pull or a
   * tag onto a newer build), the image that had it loses it, and the engine
   * sends no event for that one; take the tag off here.
   */
  private releaseTags(image: ResourceOf['image'], deltas: Delta[]): void {
    if (image.tags.length === 0) return;
    const taken = new Set(image.tags);
    for (const other of this.maps.image.values()) {
      if (other.id === image.id || !other.tags.some((t) => taken.has(t))) continue;
      const updated = { ...other, tags: other.tags.filter((t) => !taken.has(t)) };
      this.maps.image.set(other.id, updated);
      deltas.push(upsertDelta('image', updated));
    }
  }

  private emit(deltas: Delta[]): void {
    if (deltas.length === 0) return;
    for (const listener of this.listeners) listener(deltas);
  }
}

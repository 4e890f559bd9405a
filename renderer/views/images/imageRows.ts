/**
 * The Images page's rows: one per tag (an image with three tags is three
 * rows, as `docker images` lists it), one for an untagged image, each with
 * the containers that use its image, taken from the container state the
 * page already has (no engine call). Rebuilt only when the engine's images
 * or containers change; a row whose image and users are unchanged keeps its
 * identity, so the table re-renders only rows that changed. One source per
 * engine, shared by everything that reads them (the engine's page, "All
 * engines", the ticked rows' bar), so they are derived once per change.
 */
import type { Container, Image } from '#shared/model';
import { engineState, useEnginesStore } from '../../store/engineStore';
import { stateOfStatus, type RowSource, type Rows } from '../../table/source';

export interface ImageRow {
  /** The engine the image is on: a removal goes to it, the Shared column reads its sizes. */
  readonly engine: string;
  /** `tag:<repo:tag>` or, untagged, `id:<id>`. */
  readonly key: string;
  readonly image: Image;
  /** The row's tag; null for an untagged (dangling) image. */
  readonly tag: string | null;
  /** The containers of any state made from the image. */
  readonly users: readonly Container[];
}

/** What a removal of the row names: its tag, or its id. */
export function rowRef(row: ImageRow): string {
  return row.tag ?? row.image.id;
}

export const isDangling = (row: ImageRow): boolean => row.image.tags.length === 0;
export const isUnused = (row: ImageRow): boolean => row.users.length === 0;

function sameUsers(a: readonly Container[], b: readonly Container[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

const sources = new Map<string, RowSource<ImageRow>>();

export function imageRowSource(engine: string): RowSource<ImageRow> {
  let source = sources.get(engine);
  if (source === undefined) {
    source = deriveRows(engine);
    sources.set(engine, source);
  }
  return source;
}

function deriveRows(engine: string): RowSource<ImageRow> {
  let lastImages: unknown = null;
  let lastContainers: unknown = null;
  let rows: Rows<ImageRow> = { ids: [], byId: new Map() };
  const build = (): Rows<ImageRow> => {
    const state = engineState(engine);
    if (state.images === lastImages && state.containers === lastContainers) return rows;
    lastImages = state.images;
    lastContainers = state.containers;
    const usersOf = new Map<string, Container[]>();
    for (const id of state.containers.ids) {
      const container = state.containers.byId.get(id);
      if (container === undefined) continue;
      const list = usersOf.get(container.imageId);
      if (list === undefined) usersOf.set(container.imageId, [container]);
      else list.push(container);
    }
    const previous = rows.byId as ReadonlyMap<string, ImageRow>;
    const byId = new Map<string, ImageRow>();
    for (const id of state.images.ids) {
      const image = state.images.byId.get(id);
      if (image === undefined) continue;
      const users = usersOf.get(image.id) ?? [];
      for (const tag of image.tags.length === 0 ? [null] : image.tags) {
        const key = tag === null ? `id:${image.id}` : `tag:${tag}`;
        const was = previous.get(key);
        byId.set(key, was !== undefined && was.image === image && sameUsers(was.users, users) ? was : { engine, key, image, tag, users });
      }
    }
    const ids = [...byId.keys()];
    const sameIds = ids.length === rows.ids.length && ids.every((key, i) => key === rows.ids[i]);
    const unchanged = sameIds && ids.every((key) => byId.get(key) === previous.get(key));
    if (!unchanged) rows = { ids: sameIds ? rows.ids : ids, byId };
    return rows;
  };
  return {
    subscribe: (listener) => useEnginesStore.subscribe(listener),
    rows: build,
    state: () => stateOfStatus(engineState(engine).status),
  };
}

/**
 * "All engines" rows (renderer/views/all/mergedRows.ts): every engine's
 * rows of a kind's table keyed by engine and row key, memoised per engine,
 * narrowed by the Engine filter; Images a row per tag, as on its own page.
 */
import { describe, expect, it } from 'vitest';
import type { Container, Image, Snapshot } from '#shared/model';
import { objectKey } from '../../renderer/engines/keys';
import { useEnginesStore } from '../../renderer/store/engineStore';
import type { Collection } from '../../renderer/store/reduce';
import { engineSource } from '../../renderer/table/source';
import { visibleIds, makeHaystack } from '../../renderer/table/visibleRows';
import { createMerge, mergedSource } from '../../renderer/views/all/mergedRows';
import { imageRowSource } from '../../renderer/views/images/imageRows';

const image = (id: string, tags: string[]): Image => ({ id, tags, digests: [], size: 1, created: 1, labels: {} });

function collection(items: Image[]): Collection<Image> {
  return { byId: new Map(items.map((i) => [i.id, i])), ids: items.map((i) => i.id) };
}

const container = (id: string, imageId: string): Container => ({
  id, name: `c-${id}`, image: '', imageId, command: '', state: 'exited', status: '', health: null, exitCode: null, created: 0, startedAt: null, finishedAt: null, ports: [], labels: {}, mounts: [], networks: [],
});

function snapshot(images: Image[], containers: Container[] = []): Snapshot {
  return {
    status: { state: 'connected', endpoint: { url: 'unix:///x', source: 'default' }, info: { version: '', apiVersion: '', os: '', arch: '', kernelVersion: '', operatingSystem: '', name: '', cpus: 1, memoryBytes: 1, storageDriver: '', cgroupVersion: '', rootDir: '' } },
    containers,
    images,
    volumes: [],
    networks: [],
  };
}

describe('createMerge', () => {
  it('lists the same image on two engines as two rows, each keyed by its engine and id', () => {
    const merge = createMerge<Image>();
    const busybox = image('sha256:same', ['busybox:latest']);
    const rows = merge([
      { engine: 'a', rows: collection([busybox]) },
      { engine: 'b', rows: collection([{ ...busybox }, image('sha256:only-b', [])]) },
    ]);
    expect(rows.ids).toEqual([objectKey('a', 'sha256:same'), objectKey('b', 'sha256:same'), objectKey('b', 'sha256:only-b')]);
    expect(rows.byId.get(objectKey('a', 'sha256:same'))).toMatchObject({ engine: 'a', item: busybox });
    expect(rows.byId.get(objectKey('b', 'sha256:same'))?.engine).toBe('b');
    expect(rows.byId.get(objectKey('c', 'sha256:same'))).toBeUndefined();
  });

  it('rebuilds nothing when nothing changed, and only the changed engine\'s part when one did', () => {
    const merge = createMerge<Image>();
    const a = collection([image('1', ['a:1'])]);
    const b = collection([image('2', ['b:1']), image('3', ['b:2'])]);
    const first = merge([{ engine: 'a', rows: a }, { engine: 'b', rows: b }]);
    expect(merge([{ engine: 'a', rows: a }, { engine: 'b', rows: b }])).toBe(first);
    const rowOfB = first.byId.get(objectKey('b', '2'));
    expect(first.byId.get(objectKey('b', '2'))).toBe(rowOfB);

    // An item of A changes, its ids stay: same keys, B's rows untouched, A's row new.
    const a2: Collection<Image> = { byId: new Map([['1', image('1', ['a:1', 'a:2'])]]), ids: a.ids };
    const second = merge([{ engine: 'a', rows: a2 }, { engine: 'b', rows: b }]);
    expect(second).not.toBe(first);
    expect(second.ids).toBe(first.ids);
    expect(second.byId.get(objectKey('b', '2'))).toBe(rowOfB);
    expect(second.byId.get(objectKey('a', '1'))?.item.tags).toEqual(['a:1', 'a:2']);

    // A new object on B: new keys.
    const b2 = collection([image('2', ['b:1']), image('3', ['b:2']), image('4', [])]);
    const third = merge([{ engine: 'a', rows: a2 }, { engine: 'b', rows: b2 }]);
    expect(third.ids).toHaveLength(4);
  });

  it('feeds the table\'s filter: the engine is part of what a row is found by', () => {
    const merge = createMerge<Image>();
    const rows = merge([
      { engine: 'alpha', rows: collection([image('1', ['nginx:1'])]) },
      { engine: 'beta', rows: collection([image('1', ['nginx:1'])]) },
    ]);
    const hay = makeHaystack((row: { engine: string; item: Image }) => `${row.engine} ${row.item.tags.join(' ')}`);
    expect(visibleIds(rows, 'nginx', hay, null)).toHaveLength(2);
    expect(visibleIds(rows, 'beta nginx', hay, null)).toEqual([objectKey('beta', '1')]);
  });
});

describe('mergedSource', () => {
  it('merges every engine of the store, or the one the Engine filter chose', () => {
    useEnginesStore.getState().setEngines([
      { id: 'a', name: 'A', url: 'unix:///a', origin: 'default', current: true },
      { id: 'b', name: 'B', url: 'unix:///b', origin: 'context', current: false },
    ], {});
    const images = (engine: string) => engineSource(engine, 'image');
    const all = mergedSource(images, null);
    const onlyB = mergedSource(images, 'b');
    expect(all.state()).toBe('loading');
    useEnginesStore.getState().apply([
      { engine: 'a', messages: [{ type: 'snapshot', snapshot: snapshot([image('sha256:same', ['x:1'])]) }] },
      { engine: 'b', messages: [{ type: 'snapshot', snapshot: snapshot([image('sha256:same', ['x:1'])]) }] },
    ]);
    expect(all.state()).toBe('connected');
    expect(all.rows().ids).toEqual([objectKey('a', 'sha256:same'), objectKey('b', 'sha256:same')]);
    expect(onlyB.rows().ids).toEqual([objectKey('b', 'sha256:same')]);
    // Reading again after an unrelated change gives the same rows, so no row re-renders.
    const before = all.rows();
    useEnginesStore.getState().apply([{ engine: 'a', messages: [{ type: 'deltas', deltas: [{ op: 'upsert', kind: 'container', item: { id: 'c', name: 'c', image: '', imageId: '', command: '', state: 'running', status: '', health: null, exitCode: null, created: 0, startedAt: null, finishedAt: null, ports: [], labels: {}, mounts: [], networks: [] } }] }] }]);
    expect(all.rows()).toBe(before);
  });

  it('lists images a row per tag on each engine, the same derivation as the engine\'s own page, and rebuilds only the engine that changed', () => {
    useEnginesStore.getState().setEngines([
      { id: 'pa', name: 'A', url: 'unix:///a', origin: 'default', current: true },
      { id: 'pb', name: 'B', url: 'unix:///b', origin: 'context', current: false },
    ], {});
    const all = mergedSource(imageRowSource, null);
    useEnginesStore.getState().apply([
      { engine: 'pa', messages: [{ type: 'snapshot', snapshot: snapshot([image('sha256:same', ['app:1', 'app:2'])], [container('1', 'sha256:same')]) }] },
      { engine: 'pb', messages: [{ type: 'snapshot', snapshot: snapshot([image('sha256:same', ['app:1'])]) }] },
    ]);
    const rows = all.rows();
    expect(rows.ids).toEqual([objectKey('pa', 'tag:app:1'), objectKey('pa', 'tag:app:2'), objectKey('pb', 'tag:app:1')]);
    const rowA = rows.byId.get(objectKey('pa', 'tag:app:1'))!;
    const rowB = rows.byId.get(objectKey('pb', 'tag:app:1'))!;
    expect([rowA.engine, rowA.item.engine, rowA.item.users.map((c) => c.name)]).toEqual(['pa', 'pa', ['c-1']]);
    expect([rowB.engine, rowB.item.engine, rowB.item.users]).toEqual(['pb', 'pb', []]);
    // The very rows the engine's own page lists.
    expect(rowA.item).toBe(imageRowSource('pa').rows().byId.get('tag:app:1'));

    // A container made on B from the image: B's row gets its user, A's rows and every key stay as they were.
    useEnginesStore.getState().apply([{ engine: 'pb', messages: [{ type: 'deltas', deltas: [{ op: 'upsert', kind: 'container', item: container('2', 'sha256:same') }] }] }]);
    const after = all.rows();
    expect(after).not.toBe(rows);
    expect(after.ids).toBe(rows.ids);
    expect(after.byId.get(objectKey('pa', 'tag:app:1'))).toBe(rowA);
    expect(after.byId.get(objectKey('pb', 'tag:app:1'))!.item.users.map((c) => c.name)).toEqual(['c-2']);

    // Untagging app:2 on A drops that row alone.
    useEnginesStore.getState().apply([{ engine: 'pa', messages: [{ type: 'deltas', deltas: [{ op: 'upsert', kind: 'image', item: image('sha256:same', ['app:1']) }] }] }]);
    expect(all.rows().ids).toEqual([objectKey('pa', 'tag:app:1'), objectKey('pb', 'tag:app:1')]);
  });
});

/**
 * "All engines" rows (renderer/views/all/mergedRows.ts): every engine's
 * objects keyed by engine and id, memoised per engine, narrowed by the
 * Engine filter.
 */
import { describe, expect, it } from 'vitest';
import type { Image, Snapshot } from '#shared/model';
import { objectKey } from '../../renderer/engines/keys';
import { useEnginesStore } from '../../renderer/store/engineStore';
import type { Collection } from '../../renderer/store/reduce';
import { visibleIds, makeHaystack } from '../../renderer/table/visibleRows';
import { createMerge, mergedSource } from '../../renderer/views/all/mergedRows';

const image = (id: string, tags: string[]): Image => ({ id, tags, digests: [], size: 1, created: 1, labels: {} });

function collection(items: Image[]): Collection<Image> {
  return { byId: new Map(items.map((i) => [i.id, i])), ids: items.map((i) => i.id) };
}

function snapshot(images: Image[]): Snapshot {
  return {
    status: { state: 'connected', endpoint: { url: 'unix:///x', source: 'default' }, info: { version: '', apiVersion: '', os: '', arch: '', kernelVersion: '', operatingSystem: '', name: '', cpus: 1, memoryBytes: 1, storageDriver: '', cgroupVersion: '', rootDir: '' } },
    containers: [],
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
    const all = mergedSource('image', null);
    const onlyB = mergedSource('image', 'b');
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
});

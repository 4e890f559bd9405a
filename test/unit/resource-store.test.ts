import { describe, expect, it } from 'vitest';
import { ResourceStore } from '../../electron/engine/resource-store';
import type { Delta, Image } from '#shared/model';

const image = (id: string, tags: string[]): Image => ({ id, tags, digests: [], size: 1, created: 0, labels: {} });

function recording() {
  const store = new ResourceStore();
  const batches: Delta[][] = [];
  store.subscribe((d) => batches.push(d));
  return { store, batches };
}

describe('ResourceStore', () => {
  it('emits an upsert only when something changed', () => {
    const { store, batches } = recording();
    store.upsert('image', image('a', ['x:1']));
    store.upsert('image', image('a', ['x:1']));
    expect(batches).toHaveLength(1);
    store.upsert('image', image('a', ['x:2']));
    expect(batches).toHaveLength(2);
  });

  it('removes once', () => {
    const { store, batches } = recording();
    store.upsert('image', image('a', []));
    store.remove('image', 'a');
    store.remove('image', 'a');
    expect(batches.flat()).toEqual([{ op: 'upsert', kind: 'image', item: image('a', []) }, { op: 'remove', kind: 'image', id: 'a' }]);
  });

  it('resyncs with the difference only, in one batch', () => {
    const { store, batches } = recording();
    store.replaceAll('image', [image('a', []), image('b', [])]);
    batches.length = 0;
    store.replaceAll('image', [image('b', []), image('c', [])]);
    expect(batches).toEqual([[{ op: 'upsert', kind: 'image', item: image('c', []) }, { op: 'remove', kind: 'image', id: 'a' }]]);
  });

  it('moves a tag to the image that now has it', () => {
    const { store } = recording();
    store.upsert('image', image('old', ['app:latest', 'app:1']));
    store.upsert('image', image('new', ['app:latest']));
    expect(store.get('image', 'old')?.tags).toEqual(['app:1']);
    expect(store.get('image', 'new')?.tags).toEqual(['app:latest']);
  });
});

/** The Images page's rows: one per tag, untagged by id, each with the containers using its image, identities kept. */
import { describe, expect, it } from 'vitest';
import type { Container, Image, Snapshot } from '#shared/model';
import { useEnginesStore } from '../../renderer/store/engineStore';
import { imageRowSource, isDangling, isUnused, rowRef } from '../../renderer/views/images/imageRows';

const image = (id: string, tags: string[]): Image => ({ id, tags, digests: [], size: 1, created: 1, labels: {} });
const container = (id: string, imageId: string, state: Container['state'] = 'exited'): Container => ({
  id, name: `c-${id}`, image: '', imageId, command: '', state, status: '', health: null, exitCode: null, created: 0, startedAt: null, finishedAt: null, ports: [], labels: {}, mounts: [], networks: [],
});

function snapshot(images: Image[], containers: Container[]): Snapshot {
  return {
    status: { state: 'connected', endpoint: { url: 'unix:///x', source: 'default' }, info: { version: '', apiVersion: '', os: '', arch: '', kernelVersion: '', operatingSystem: '', name: '', cpus: 1, memoryBytes: 1, storageDriver: '', cgroupVersion: '', rootDir: '' } },
    containers,
    images,
    volumes: [],
    networks: [],
  };
}

describe('imageRowSource', () => {
  it('gives each tag its own row, an untagged image one by id, with the containers that use it', () => {
    useEnginesStore.getState().setEngines([{ id: 'e', name: 'E', url: 'unix:///e', origin: 'default', current: true }], {});
    const source = imageRowSource('e');
    useEnginesStore.getState().apply([
      { engine: 'e', messages: [{ type: 'snapshot', snapshot: snapshot([image('sha256:a', ['app:1', 'app:latest']), image('sha256:b', [])], [container('1', 'sha256:a')]) }] },
    ]);
    const rows = source.rows();
    expect([...rows.ids].sort()).toEqual(['id:sha256:b', 'tag:app:1', 'tag:app:latest']);
    const tagged = rows.byId.get('tag:app:1')!;
    expect(tagged.users.map((c) => c.name)).toEqual(['c-1']);
    expect([tagged.engine, rowRef(tagged)]).toEqual(['e', 'app:1']);
    expect([isDangling(tagged), isUnused(tagged)]).toEqual([false, false]);
    const untagged = rows.byId.get('id:sha256:b')!;
    expect(rowRef(untagged)).toBe('sha256:b');
    expect([isDangling(untagged), isUnused(untagged)]).toEqual([true, true]);

    // An unrelated container changes nothing; one that starts using b changes b's row only.
    useEnginesStore.getState().apply([{ engine: 'e', messages: [{ type: 'deltas', deltas: [{ op: 'upsert', kind: 'volume', item: { id: 'v', name: 'v', driver: 'local', mountpoint: '', scope: 'local', created: null, labels: {} } }] }] }]);
    expect(source.rows()).toBe(rows);
    useEnginesStore.getState().apply([{ engine: 'e', messages: [{ type: 'deltas', deltas: [{ op: 'upsert', kind: 'container', item: container('2', 'sha256:b') }] }] }]);
    const after = source.rows();
    expect(after).not.toBe(rows);
    expect(after.ids).toBe(rows.ids);
    expect(after.byId.get('tag:app:1')).toBe(tagged);
    expect(after.byId.get('id:sha256:b')!.users.map((c) => c.name)).toEqual(['c-2']);
  });
});

/**
 * The kind registry (shared/kinds.ts): every kind's event wording reaches
 * eventTarget, its default order reaches the store, and the state stream's
 * schemas are made from the declarations (each kind's list in a snapshot, an
 * upsert's item checked against its own kind's schema).
 */
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, KINDS } from '#shared/kinds';
import { DeltaSchema, SnapshotSchema, type Container, type Image, type Network, type Volume } from '#shared/model';
import { EVENT_TYPES, eventTarget } from '../../electron/engine/events';
import { applyStateMessages, collectionOf, initialEngineState } from '../../renderer/store/reduce';

const container: Container = {
  id: 'c1',
  name: 'web',
  image: 'busybox',
  imageId: 'sha256:1',
  command: 'sh',
  state: 'running',
  status: 'Up',
  health: null,
  exitCode: null,
  created: 1,
  startedAt: 1,
  finishedAt: null,
  ports: [],
  labels: {},
  mounts: [],
  networks: [],
};
const image = (id: string, tags: string[]): Image => ({ id, tags, digests: [], size: 1, created: 1, labels: {} });
const volume = (name: string): Volume => ({ id: name, name, driver: 'local', mountpoint: '/v', scope: 'local', created: null, labels: {} });
const network = (name: string): Network => ({ id: `n-${name}`, name, driver: 'bridge', scope: 'local', pools: [], internal: false, attachable: false, ipv6: false, ingress: false, options: {}, created: null, labels: {} });

describe('the kind registry', () => {
  it('declares container, image, volume and network, each with its own collection and event type', () => {
    expect(KIND_NAMES).toEqual(['container', 'image', 'volume', 'network']);
    expect(KIND_NAMES.map((k) => KINDS[k].collection)).toEqual(['containers', 'images', 'volumes', 'networks']);
    expect(EVENT_TYPES).toEqual(KIND_NAMES.map((k) => KINDS[k].events.type));
  });

  it.each(KIND_NAMES)('turns every %s event it declares into a removal or a re-read of that kind, and nothing else', (kind) => {
    const { type, remove, refresh } = KINDS[kind].events;
    const ev = (Action: string) => ({ Type: type, Action, Actor: { ID: 'x' } });
    for (const action of remove) expect(eventTarget(ev(action))).toEqual({ kind, ref: 'x', op: 'remove' });
    for (const action of refresh) expect(eventTarget(ev(action))).toEqual({ kind, ref: 'x', op: 'refresh' });
    expect(eventTarget(ev('no-such-action'))).toBeNull();
    expect(new Set([...remove, ...refresh]).size).toBe(remove.length + refresh.length);
  });

  it('orders each kind by its declared key in the store: names, and untagged images after tagged ones by id', () => {
    const state = applyStateMessages(initialEngineState, [
      {
        type: 'snapshot',
        snapshot: {
          status: { state: 'connecting', endpoint: { url: 'unix:///x', source: 'default' } },
          containers: [{ ...container, id: 'c2', name: 'b' }, { ...container, id: 'c1', name: 'a' }],
          images: [image('sha256:9', []), image('sha256:2', ['zeta:1']), image('sha256:1', []), image('sha256:3', ['alpha:1'])],
          volumes: [volume('v10'), volume('v9')],
          networks: [network('host'), network('bridge')],
        },
      },
    ]);
    expect(collectionOf(state, 'container').ids).toEqual(['c1', 'c2']);
    expect(collectionOf(state, 'image').ids).toEqual(['sha256:3', 'sha256:2', 'sha256:1', 'sha256:9']);
    expect(collectionOf(state, 'volume').ids).toEqual(['v9', 'v10']);
    expect(collectionOf(state, 'network').ids).toEqual(['n-bridge', 'n-host']);
    // The collection names are the state's own fields, as every reader knows them.
    expect(state.images).toBe(collectionOf(state, 'image'));
  });

  it('makes the state stream schemas from the declarations', () => {
    const status = { state: 'connecting', endpoint: { url: 'unix:///x', source: 'default' } };
    const lists = { containers: [container], images: [image('i', [])], volumes: [volume('v')], networks: [network('n')] };
    expect(SnapshotSchema.safeParse({ status, ...lists }).success).toBe(true);
    for (const name of ['containers', 'images', 'volumes', 'networks'] as const) {
      const without: Record<string, unknown> = { status, ...lists };
      delete without[name];
      expect(SnapshotSchema.safeParse(without).success, `a snapshot without ${name}`).toBe(false);
    }
    expect(DeltaSchema.safeParse({ op: 'upsert', kind: 'container', item: container }).success).toBe(true);
    expect(DeltaSchema.safeParse({ op: 'upsert', kind: 'volume', item: volume('v') }).success).toBe(true);
    // An item is checked against its own kind's schema, not any kind's.
    expect(DeltaSchema.safeParse({ op: 'upsert', kind: 'image', item: container }).success).toBe(false);
    expect(DeltaSchema.safeParse({ op: 'remove', kind: 'network', id: 'n' }).success).toBe(true);
    expect(DeltaSchema.safeParse({ op: 'remove', kind: 'service', id: 's' }).success).toBe(false);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { BerthClient, EngineClient, StreamHandlers } from '#shared/client';
import type { EngineEntry } from '#shared/engines';
import type { Container, EngineStatus, Image, Snapshot, StateMessage, Volume } from '#shared/model';
import { RemoteError } from '#shared/protocol';
import { createBatcher, spacedFrameScheduler } from '../../renderer/store/frameBatcher';
import { applyStateMessages, initialEngineState, type EngineState } from '../../renderer/store/reduce';
import { findContainer } from '../../renderer/store/findContainer';
import { sameJson } from '../../renderer/store/sameJson';
import { engineState, engineStatusOf, useEnginesStore, type EngineBatch } from '../../renderer/store/engineStore';
import { startStateSync } from '../../renderer/store/sync';
import { makeHaystack, visibleIds } from '../../renderer/table/visibleRows';

function container(id: string, over: Partial<Container> = {}): Container {
  return {
    id,
    name: `c-${id}`,
    image: 'busybox:latest',
    imageId: 'sha256:abc',
    command: 'sleep 1000',
    state: 'running',
    status: 'Up 2 minutes',
    health: null,
    exitCode: null,
    created: 1_700_000_000_000,
    startedAt: 1_700_000_001_000,
    finishedAt: null,
    ports: [],
    labels: {},
    mounts: [],
    networks: [],
    ...over,
  };
}

function image(id: string, tags: string[]): Image {
  return { id, tags, digests: [], size: 1000, created: 1_700_000_000_000, labels: {} };
}

function volume(name: string): Volume {
  return { id: name, name, driver: 'local', mountpoint: `/v/${name}`, scope: 'local', created: null, labels: {} };
}

const connected: EngineStatus = {
  state: 'connected',
  endpoint: { url: 'unix:///var/run/docker.sock', source: 'default' },
  info: {
    version: '26.1.5',
    apiVersion: '1.45',
    os: 'linux',
    arch: 'x86_64',
    kernelVersion: '6.1',
    operatingSystem: 'Debian',
    name: 'host',
    cpus: 4,
    memoryBytes: 8e9,
    storageDriver: 'overlay2',
    cgroupVersion: '2',
    rootDir: '/var/lib/docker',
  },
};

function snapshot(over: Partial<Snapshot> = {}): StateMessage {
  return {
    type: 'snapshot',
    snapshot: { status: connected, containers: [], images: [], volumes: [], networks: [], ...over },
  };
}

function upsert(item: Container): StateMessage {
  return { type: 'deltas', deltas: [{ op: 'upsert', kind: 'container', item }] };
}

function remove(id: string, kind: 'container' | 'image' = 'container'): StateMessage {
  return { type: 'deltas', deltas: [{ op: 'remove', kind, id }] };
}

function seeded(...containers: Container[]): EngineState {
  return applyStateMessages(initialEngineState, [snapshot({ containers })]);
}

describe('applyStateMessages', () => {
  it('fills everything from a snapshot, ids ordered by name', () => {
    const state = applyStateMessages(initialEngineState, [
      snapshot({
        containers: [container('b', { name: 'web-10' }), container('a', { name: 'web-2' })],
        images: [image('sha256:2', []), image('sha256:1', ['busybox:latest'])],
        volumes: [volume('data')],
      }),
    ]);
    expect(state.status).toEqual(connected);
    expect(state.containers.ids).toEqual(['a', 'b']); // numeric-aware: web-2 before web-10
    expect(state.images.ids).toEqual(['sha256:1', 'sha256:2']); // untagged last
    expect(state.volumes.byId.get('data')?.driver).toBe('local');
  });

  it('replaces everything on a later snapshot, dropping what it no longer lists', () => {
    const before = seeded(container('a'), container('b'));
    const after = applyStateMessages(before, [snapshot({ containers: [container('c')] })]);
    expect(after.containers.ids).toEqual(['c']);
    expect(after.containers.byId.has('a')).toBe(false);
  });

  it('keeps the identity of items, lists and the state itself when a snapshot changes nothing', () => {
    const before = seeded(container('a'), container('b'));
    const same = applyStateMessages(before, [snapshot({ containers: [container('a'), container('b')] })]);
    expect(same).toBe(before);

    const one = applyStateMessages(before, [
      snapshot({ containers: [container('a'), container('b', { state: 'exited' })] }),
    ]);
    expect(one.containers.byId.get('a')).toBe(before.containers.byId.get('a'));
    expect(one.containers.byId.get('b')?.state).toBe('exited');
    expect(one.containers.ids).toBe(before.containers.ids);
    expect(one.images).toBe(before.images);
  });

  it('upserts a new container and places it by name', () => {
    const before = seeded(container('a', { name: 'alpha' }), container('c', { name: 'charlie' }));
    const after = applyStateMessages(before, [upsert(container('b', { name: 'bravo' }))]);
    expect(after.containers.ids).toEqual(['a', 'b', 'c']);
    expect(after.containers.byId.get('b')?.name).toBe('bravo');
    expect(before.containers.byId.has('b')).toBe(false); // the old state is untouched
  });

  it('updates an existing container without touching the id list or its neighbours', () => {
    const before = seeded(container('a'), container('b'));
    const after = applyStateMessages(before, [upsert(container('a', { state: 'exited', exitCode: 0 }))]);
    expect(after.containers.byId.get('a')?.state).toBe('exited');
    expect(after.containers.ids).toBe(before.containers.ids);
    expect(after.containers.byId.get('b')).toBe(before.containers.byId.get('b'));
    expect(after.images).toBe(before.images);
  });

  it('re-sorts when an upsert renames a container', () => {
    const before = seeded(container('a', { name: 'alpha' }), container('b', { name: 'bravo' }));
    const after = applyStateMessages(before, [upsert(container('a', { name: 'zulu' }))]);
    expect(after.containers.ids).toEqual(['b', 'a']);
  });

  it('returns the same state for an upsert equal to what it has', () => {
    const before = seeded(container('a'));
    expect(applyStateMessages(before, [upsert(container('a'))])).toBe(before);
  });

  it('removes by id', () => {
    const before = seeded(container('a'), container('b'));
    const after = applyStateMessages(before, [remove('a')]);
    expect(after.containers.ids).toEqual(['b']);
    expect(after.containers.byId.has('a')).toBe(false);
  });

  it('treats the removal of an unknown id as a no-op', () => {
    const before = seeded(container('a'));
    expect(applyStateMessages(before, [remove('nope')])).toBe(before);
    expect(applyStateMessages(before, [remove('a', 'image')])).toBe(before);
  });

  it('applies a batch in order, across kinds', () => {
    const before = seeded(container('a'));
    const after = applyStateMessages(before, [
      upsert(container('b')),
      remove('b'),
      upsert(container('a', { state: 'paused' })),
      { type: 'deltas', deltas: [{ op: 'upsert', kind: 'volume', item: volume('v1') }] },
    ]);
    expect(after.containers.ids).toEqual(['a']);
    expect(after.containers.byId.get('a')?.state).toBe('paused');
    expect(after.volumes.ids).toEqual(['v1']);
  });

  it('lets a snapshot in a batch supersede everything before it', () => {
    const before = seeded(container('a'));
    const after = applyStateMessages(before, [
      upsert(container('x')),
      snapshot({ containers: [container('b')] }),
      upsert(container('c')),
    ]);
    expect(after.containers.ids).toEqual(['b', 'c']);
  });

  it('applies status changes, keeping identity when equal', () => {
    const before = seeded();
    const unavailable: EngineStatus = {
      state: 'unavailable',
      endpoint: connected.endpoint,
      error: 'Docker engine unavailable at unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock',
      attempt: 1,
      retryAt: 1_700_000_005_000,
    };
    const after = applyStateMessages(before, [{ type: 'status', status: unavailable }]);
    expect(after.status).toEqual(unavailable);
    expect(after.containers).toBe(before.containers);
    expect(applyStateMessages(before, [{ type: 'status', status: { ...connected } }])).toBe(before);
  });
});

describe('sameJson', () => {
  it('compares plain data deeply', () => {
    expect(sameJson({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});

describe('visibleIds', () => {
  const many = Array.from({ length: 1000 }, (_, i) =>
    container(`id${i}`, {
      name: `svc-${i}`,
      image: i % 3 === 0 ? 'nginx:1.27' : 'redis:7',
      state: i % 2 === 0 ? 'running' : 'exited',
      created: 1_700_000_000_000 + ((i * 7919) % 1000) * 1000,
    }),
  );
  const state = seeded(...many);
  const haystack = makeHaystack<Container>((c) => `${c.name} ${c.image} ${c.state}`);

  it('filters on every word and keeps the collection order without a sort', () => {
    const ids = visibleIds(state.containers, 'nginx RUNNING', haystack, null);
    expect(ids.length).toBe(167); // i divisible by 6
    expect(ids.slice(0, 3)).toEqual(['id0', 'id6', 'id12']);
  });

  it('sorts by a key in either direction, ties in collection order', () => {
    const asc = visibleIds(state.containers, '', haystack, { key: (c) => c.created, direction: 'ascending' });
    const desc = visibleIds(state.containers, '', haystack, { key: (c) => c.created, direction: 'descending' });
    const created = (id: string): number => state.containers.byId.get(id)?.created ?? Number.NaN;
    expect(asc.length).toBe(1000);
    for (let i = 1; i < asc.length; i++) expect(created(asc[i - 1] ?? '')).toBeLessThanOrEqual(created(asc[i] ?? ''));
    expect(desc[0]).toBe(asc[asc.length - 1]);
  });
});

describe('createBatcher', () => {
  it('hands over everything pushed before the scheduled run, once', () => {
    const runs: (() => void)[] = [];
    const flushed: number[][] = [];
    const batcher = createBatcher<number>((items) => flushed.push(items), (run) => runs.push(run));
    batcher.push(1);
    batcher.push(2);
    expect(runs.length).toBe(1);
    runs[0]?.();
    batcher.push(3);
    runs[1]?.();
    expect(flushed).toEqual([[1, 2], [3]]);
  });

  it('flushes on demand; the frame then finds nothing to hand over', () => {
    const runs: (() => void)[] = [];
    const flushed: number[][] = [];
    const batcher = createBatcher<number>((items) => flushed.push(items), (run) => runs.push(run));
    batcher.push(1);
    batcher.flush();
    expect(flushed).toEqual([[1]]);
    runs[0]?.();
    expect(flushed).toEqual([[1]]);
    batcher.push(2);
    expect(runs.length).toBe(2);
  });
});

describe('spacedFrameScheduler', () => {
  it('hands a steady stream over at the next frame first, then no sooner than the spacing after the last hand-over', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    // Node has no animation frames: one every 16 ms of the fake clock.
    vi.stubGlobal('requestAnimationFrame', (run: (at: number) => void) => setTimeout(() => run(performance.now()), 16));
    vi.stubGlobal('cancelAnimationFrame', (frame: ReturnType<typeof setTimeout>) => clearTimeout(frame));
    try {
      const at: number[] = [];
      const pushed: number[] = [];
      const batcher = createBatcher<number>((items) => {
        at.push(performance.now());
        pushed.push(...items);
      }, spacedFrameScheduler(100));
      const start = performance.now();
      for (let i = 0; i < 200; i += 1) {
        batcher.push(i);
        vi.advanceTimersByTime(5);
      }
      vi.advanceTimersByTime(200);
      expect(pushed).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(at[0]! - start).toBeLessThanOrEqual(17);
      for (let i = 1; i < at.length; i += 1) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(100);
      expect(at.length).toBeGreaterThanOrEqual(8);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});

describe('startStateSync', () => {
  const entry = (id: string): EngineEntry => ({ id, name: id, url: `unix:///${id}.sock`, origin: 'context', current: id === 'a' });

  /** A client whose streams the test drives: the engine list, and each engine's state streams in the order opened. */
  function fakeClient() {
    let list: StreamHandlers<{ engines: EngineEntry[]; statuses: Record<string, EngineStatus> }> | undefined;
    const opened: { engine: string; handlers: StreamHandlers<StateMessage> }[] = [];
    const disposed: string[] = [];
    const notUsed = () => Promise.reject(new Error('not used'));
    const client: BerthClient = {
      call: notUsed,
      listen: ((_name: 'engines', _args: object, handlers: StreamHandlers<{ engines: EngineEntry[]; statuses: Record<string, EngineStatus> }>) => {
        list = handlers;
        return () => disposed.push('engines');
      }) as BerthClient['listen'],
      engine: (engine) => ({
        engine,
        call: notUsed,
        post: () => undefined,
        listen: ((_name: 'state', _args: object, handlers: StreamHandlers<StateMessage>) => {
          const index = opened.push({ engine, handlers }) - 1;
          return () => disposed.push(`${engine}#${index}`);
        }) as EngineClient['listen'],
      }),
    };
    return { client, opened, disposed, engines: (...ids: string[]) => list?.onData({ engines: ids.map(entry), statuses: {} }) };
  }

  it('follows every engine in the list on its own stream: the snapshots at once, later messages per frame, grouped by engine', () => {
    const { client, opened, engines } = fakeClient();
    const applied: EngineBatch[][] = [];
    const frames: (() => void)[] = [];
    const stop = startStateSync(
      client,
      { setEngines: () => undefined, apply: (b) => applied.push([...b]), streamLost: () => undefined, release: () => undefined },
      { schedule: (run) => frames.push(run) },
    );
    engines('a', 'b');
    expect(opened.map((o) => o.engine)).toEqual(['a', 'b']);
    const ofB = snapshot({ containers: [container('b1')] });
    opened[0]?.handlers.onData(snapshot());
    opened[0]?.handlers.onData(upsert(container('early')));
    expect(applied).toEqual([]); // a's snapshot waits for b's…
    opened[1]?.handlers.onData(ofB);
    // …and both come in one update, with what followed a's: one render of the merged table.
    expect(applied).toEqual([
      [
        { engine: 'a', messages: [snapshot(), upsert(container('early'))] },
        { engine: 'b', messages: [ofB] },
      ],
    ]);
    opened[1]?.handlers.onData(upsert(container('x')));
    opened[0]?.handlers.onData(upsert(container('y')));
    opened[1]?.handlers.onData(remove('x'));
    expect(applied.length).toBe(1);
    for (const frame of frames.splice(0)) frame();
    expect(applied[1]).toEqual([
      { engine: 'b', messages: [upsert(container('x')), remove('x')] },
      { engine: 'a', messages: [upsert(container('y'))] },
    ]);
    stop();
  });

  it('waits a little for the other engines\' snapshots, no longer; and not at all for one engine, or for an engine whose stream ended', () => {
    vi.useFakeTimers();
    try {
      for (const last of ['late', 'ended'] as const) {
        const { client, opened, engines } = fakeClient();
        const applied: EngineBatch[] = [];
        const stop = startStateSync(
          client,
          { setEngines: () => undefined, apply: (b) => applied.push(...b), streamLost: () => undefined, release: () => undefined },
          { schedule: () => undefined, reopenDelayMs: 10_000 },
        );
        engines('a', 'b', 'c');
        opened[0]?.handlers.onData(snapshot());
        opened[1]?.handlers.onData(snapshot());
        expect(applied).toEqual([]);
        if (last === 'late') {
          vi.advanceTimersByTime(99);
          expect(applied).toEqual([]);
          vi.advanceTimersByTime(1); // c is slow: a and b are drawn without it
          expect(applied.map((b) => b.engine)).toEqual(['a', 'b']);
          opened[2]?.handlers.onData(snapshot());
          expect(applied.map((b) => b.engine)).toEqual(['a', 'b', 'c']); // and c's, when it comes, at once
        } else {
          opened[2]?.handlers.onEnd?.(new RemoteError({ code: 'unavailable', message: 'gone' }));
          expect(applied.map((b) => b.engine)).toEqual(['a', 'b']); // nothing more to wait for
        }
        stop();
      }
      const { client, opened } = fakeClient();
      const applied: EngineBatch[] = [];
      const stop = startStateSync(
        client,
        { setEngines: () => undefined, apply: (b) => applied.push(...b), streamLost: () => undefined, release: () => undefined },
        { schedule: () => undefined, wanted: () => ['a'] },
      );
      opened[0]?.handlers.onData(snapshot());
      expect(applied.map((b) => b.engine)).toEqual(['a']); // one engine's page: at once
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows only what the page shows: one engine, every engine for "All engines", none before an engine is named', () => {
    vi.useFakeTimers();
    try {
      let wanted: readonly string[] | 'all' = [];
      let changed = () => {};
      const released: string[] = [];
      const applied: EngineBatch[] = [];
      const frames: (() => void)[] = [];
      const fake = fakeClient();
      const stop = startStateSync(
        fake.client,
        { setEngines: () => undefined, apply: (b) => applied.push(...b), streamLost: () => undefined, release: (id) => released.push(id) },
        { schedule: (run) => frames.push(run), lingerMs: 1000, wanted: () => wanted, watchWanted: (c) => ((changed = c), () => (changed = () => {})) },
      );
      const following = () => fake.opened.filter((o) => !fake.disposed.includes(`${o.engine}#${fake.opened.indexOf(o)}`)).map((o) => o.engine);
      fake.engines('a', 'b', 'c');
      expect(fake.opened).toEqual([]); // the address names no engine yet
      wanted = ['b'];
      changed();
      expect(following()).toEqual(['b']);
      wanted = ['x']; // an engine not (or not yet) listed: nothing to follow
      changed();
      expect(following()).toEqual(['b']); // b lingers…
      vi.advanceTimersByTime(999);
      wanted = 'all';
      changed();
      expect(following()).toEqual(['b', 'a', 'c']); // …and is wanted again before its time: the same stream, no new snapshot
      vi.advanceTimersByTime(5000);
      expect(released).toEqual([]);
      wanted = ['a'];
      changed();
      fake.opened[0]?.handlers.onData(upsert(container('gone')));
      fake.opened[0]?.handlers.onData(upsert(container('late'))); // b's last words, queued for the next frame…
      vi.advanceTimersByTime(1000);
      expect(following()).toEqual(['a']);
      expect(released.sort()).toEqual(['b', 'c']);
      fake.opened[1]?.handlers.onData(upsert(container('kept')));
      for (const frame of frames.splice(0)) frame();
      // …land nowhere: b was released before the frame came.
      expect(applied).toEqual([{ engine: 'a', messages: [upsert(container('kept'))] }]);
      fake.engines('b', 'c'); // the engine in view left the list: released at once
      expect(following()).toEqual([]);
      expect(released).toContain('a');
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for the state of the engine the address names at once, before the engine list, and lets it go if the list lacks it', () => {
    for (const listedIds of [['a', 'b'], ['b']]) {
      const fake = fakeClient();
      const released: string[] = [];
      const stop = startStateSync(
        fake.client,
        { setEngines: () => undefined, apply: () => undefined, streamLost: () => undefined, release: (id) => released.push(id) },
        { schedule: (run) => run(), wanted: () => ['a'] },
      );
      expect(fake.opened.map((o) => o.engine)).toEqual(['a']);
      fake.engines(...listedIds);
      const open = fake.opened.filter((o, i) => !fake.disposed.includes(`${o.engine}#${i}`)).map((o) => o.engine);
      expect(open).toEqual(listedIds.includes('a') ? ['a'] : []);
      expect(released).toEqual(listedIds.includes('a') ? [] : ['a']);
      stop();
    }
  });

  it('reopens a broken stream of one engine alone, closes the stream of an engine that left, and stops for good', () => {
    vi.useFakeTimers();
    try {
      const { client, opened, disposed, engines } = fakeClient();
      const lost: string[] = [];
      const stop = startStateSync(
        client,
        { setEngines: () => undefined, apply: () => undefined, streamLost: (engine, reason) => lost.push(`${engine}: ${reason}`), release: () => undefined },
        { schedule: (run) => run(), reopenDelayMs: 100 },
      );
      engines('a', 'b');
      opened[1]?.handlers.onEnd?.(new RemoteError({ code: 'unavailable', message: 'Lost the connection to Berth.' }));
      expect(lost).toEqual(['b: Lost the connection to Berth.']);
      vi.advanceTimersByTime(100);
      expect(opened.map((o) => o.engine)).toEqual(['a', 'b', 'b']);
      engines('a');
      expect(disposed).toEqual(['b#2']);
      stop();
      expect(disposed).toEqual(['b#2', 'engines', 'a#0']);
      opened[0]?.handlers.onEnd?.();
      vi.advanceTimersByTime(1000);
      expect(opened.length).toBe(3); // stopped: no reopening
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the engines store', () => {
  it('keeps a snapshot that comes before the engine list, and lets the list drop it when the engine is not there', () => {
    for (const listed of [['a'], ['b']]) {
      useEnginesStore.setState({ engines: null, statuses: {}, byEngine: {} });
      useEnginesStore.getState().apply([{ engine: 'a', messages: [snapshot({ containers: [container('early')] })] }]);
      expect(engineState('a').containers.byId.has('early')).toBe(true);
      useEnginesStore.getState().setEngines(listed.map((id) => ({ id, name: id, url: `unix:///${id}`, origin: 'default' as const, current: true })), {});
      expect(engineState('a').containers.byId.has('early')).toBe(listed.includes('a'));
    }
  });

  it('keeps each engine apart: the same id on two engines is two objects, and one engine\'s trouble touches no other', () => {
    const store = useEnginesStore.getState();
    store.setEngines([{ id: 'a', name: 'a', url: 'unix:///a', origin: 'default', current: true }, { id: 'b', name: 'b', url: 'unix:///b', origin: 'context', current: false }], {});
    useEnginesStore.getState().apply([
      { engine: 'a', messages: [snapshot({ containers: [container('same', { name: 'web' })] })] },
      { engine: 'b', messages: [snapshot({ containers: [container('same', { name: 'web', state: 'exited' })] })] },
    ]);
    const a = engineState('a');
    expect(engineState('b').containers.byId.get('same')?.state).toBe('exited');
    expect(a.containers.byId.get('same')?.state).toBe('running');
    useEnginesStore.getState().streamLost('b', 'gone');
    expect(engineState('b').streamError).toBe('gone');
    expect(engineState('a')).toBe(a);
    // A message for an engine that left the list lands nowhere.
    useEnginesStore.getState().setEngines([{ id: 'a', name: 'a', url: 'unix:///a', origin: 'default', current: true }], {});
    useEnginesStore.getState().apply([{ engine: 'b', messages: [upsert(container('late'))] }]);
    expect(Object.keys(useEnginesStore.getState().byEngine)).toEqual(['a']);
    expect(engineState('a')).toBe(a);
  });

  it("shows an engine's status from its own stream where the page follows it, else from the engine list, and keeps the list while only statuses change", () => {
    const endpoint = { url: 'unix:///x', source: 'default' };
    const up: EngineStatus = { ...connected, endpoint };
    const down: EngineStatus = { state: 'unavailable', endpoint, error: 'gone', attempt: 1, retryAt: 0 };
    const list = [{ id: 'a', name: 'a', url: 'unix:///a', origin: 'default' as const, current: true }, { id: 'b', name: 'b', url: 'unix:///b', origin: 'context' as const, current: false }];
    useEnginesStore.getState().setEngines(list, { a: down, b: down });
    const engines = useEnginesStore.getState().engines;
    useEnginesStore.getState().apply([{ engine: 'a', messages: [snapshot({ containers: [container('x')] })] }]);
    useEnginesStore.getState().setEngines(list.map((e) => ({ ...e })), { a: down, b: up });
    expect(useEnginesStore.getState().engines).toBe(engines);
    expect(engineStatusOf(useEnginesStore.getState(), 'a')).toEqual(connected); // a's own stream says
    expect(engineStatusOf(useEnginesStore.getState(), 'b')).toEqual(up);
    useEnginesStore.getState().release('a');
    expect(engineState('a').containers.byId.size).toBe(0);
    expect(engineStatusOf(useEnginesStore.getState(), 'a')).toEqual(down);
  });
});

describe('findContainer', () => {
  const state = seeded(
    container('0123456789abcdef', { name: 'web-1' }),
    container('0123999999999999', { name: 'db' }),
    container('fedcba9876543210', { name: '0123456789abcdef0' }),
  );

  it('finds by full id, then name, then unambiguous id prefix', () => {
    expect(findContainer(state.containers, '0123456789abcdef')?.name).toBe('web-1');
    expect(findContainer(state.containers, 'db')?.id).toBe('0123999999999999');
    expect(findContainer(state.containers, 'fedcba987654')?.name).toBe('0123456789abcdef0');
    expect(findContainer(state.containers, '0123456789ab')?.name).toBe('web-1');
  });

  it('finds nothing for an ambiguous or too-short prefix, or an unknown name', () => {
    expect(findContainer(state.containers, '0123')).toBeUndefined();
    expect(findContainer(state.containers, 'fed')).toBeUndefined();
    expect(findContainer(state.containers, 'nope')).toBeUndefined();
  });
});

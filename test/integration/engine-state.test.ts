/**
 * Berth's state follows the real engine: the initial list, then one delta
 * per change, whoever made it (here, the docker CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { Delta } from '#shared/model';
import {
  TEST_IMAGE,
  TEST_LABEL,
  TEST_LABEL_ARG,
  TEST_RUN,
  createContainer,
  docker,
  item,
  sweep,
  tempTag,
  uniqueName,
  waitConnected,
  waitFor,
} from './helpers';

let berth: EngineService;
const seen: Delta[] = [];

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  berth.engine.store.subscribe((deltas) => seen.push(...deltas));
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
});

describe('initial state', () => {
  it('lists what existed before Berth connected', async () => {
    const name = uniqueName('before');
    const id = await createContainer(name);
    const late = createEngineService();
    try {
      await waitConnected(late.engine);
      const c = item(late.engine, 'container', id);
      expect(c?.name).toBe(name);
      expect(c?.state).toBe('created');
      expect(c?.image).toBe(TEST_IMAGE);
      expect(c?.labels[TEST_LABEL]).toBe(TEST_RUN);
      const image = late.engine.store.snapshot().images.find((i) => i.tags.includes(TEST_IMAGE));
      expect(image?.size).toBeGreaterThan(0);
      expect(late.engine.store.snapshot().networks.map((n) => n.name)).toContain('bridge');
      expect(late.engine.status.state === 'connected' && late.engine.status.info.apiVersion).toMatch(/^\d+\.\d+$/);
    } finally {
      await late.stop();
    }
  });

  it('learns when listed containers started, so their status text stays live', async () => {
    const id = await createContainer(uniqueName('started-before'));
    await docker('start', id);
    const late = createEngineService();
    try {
      await waitConnected(late.engine);
      const started = await waitFor('start time read', () => item(late.engine, 'container', id)?.startedAt);
      const engineTime = Date.parse(await docker('inspect', '--format', '{{.State.StartedAt}}', id));
      expect(started).toBe(engineTime);
    } finally {
      await late.stop();
    }
  });
});

describe('container events become deltas', () => {
  it('follows create, start, pause, unpause, stop, rename and destroy', async () => {
    const name = uniqueName('life');
    const id = await createContainer(name, ['-p', '127.0.0.1::80']);
    const engine = berth.engine;
    await waitFor('created', () => item(engine, 'container', id)?.state === 'created');

    await docker('start', id);
    const running = await waitFor('running', () => {
      const c = item(engine, 'container', id);
      return c?.state === 'running' ? c : undefined;
    });
    expect(running.startedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(running.ports).toEqual([
      expect.objectContaining({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: expect.any(Number) }),
    ]);

    await docker('pause', id);
    await waitFor('paused', () => item(engine, 'container', id)?.state === 'paused');
    await docker('unpause', id);
    await waitFor('running again', () => item(engine, 'container', id)?.state === 'running');

    await docker('stop', id);
    const exited = await waitFor('exited', () => {
      const c = item(engine, 'container', id);
      return c?.state === 'exited' ? c : undefined;
    });
    expect(exited.exitCode).toBe(0);
    expect(exited.finishedAt).toBeGreaterThanOrEqual(exited.startedAt ?? 0);

    const renamed = `${name}-renamed`;
    await docker('rename', id, renamed);
    await waitFor('renamed', () => item(engine, 'container', id)?.name === renamed);

    await docker('rm', id);
    await waitFor('removed', () => item(engine, 'container', id) === undefined);
    expect(seen).toContainEqual({ op: 'remove', kind: 'container', id });
  });

  it('reports a container that dies with its exit code', async () => {
    const id = await createContainer(uniqueName('die'), [], ['sh', '-c', 'exit 3']);
    await docker('start', id);
    const dead = await waitFor('exited with 3', () => {
      const c = item(berth.engine, 'container', id);
      return c?.state === 'exited' ? c : undefined;
    });
    expect(dead.exitCode).toBe(3);
    expect(dead.status).toBe('Exited (3)');
  });

  it('follows health changes', async () => {
    const id = await createContainer(uniqueName('health'), [
      '--health-cmd', 'test -f /tmp/ok',
      '--health-interval', '1s',
      '--health-retries', '1',
    ]);
    await docker('start', id);
    await waitFor('unhealthy', () => item(berth.engine, 'container', id)?.health === 'unhealthy', 20_000);
    await docker('exec', id, 'touch', '/tmp/ok');
    await waitFor('healthy', () => item(berth.engine, 'container', id)?.health === 'healthy', 20_000);
  });

  it('inspects only the containers events name, and never re-lists', async () => {
    // Counted per object: other runs may share this engine, and their events cause inspects of their own objects.
    const reads = new Map<string, number>();
    const unsubscribe = berth.engine.onInspect((kind, ref) => {
      if (kind === 'container') reads.set(ref, (reads.get(ref) ?? 0) + 1);
    });
    try {
      const before = berth.engine.metrics();
      const ids = await Promise.all([1, 2, 3].map((n) => createContainer(uniqueName(`quiet${n}`))));
      await Promise.all(ids.map((id) => docker('start', id)));
      await waitFor('all running', () => ids.every((id) => item(berth.engine, 'container', id)?.state === 'running'));
      expect(berth.engine.metrics().lists).toBe(before.lists);
      // create + start per container, each coalesced or not: at least one read, never more than two each.
      for (const id of ids) expect(reads.get(id)).toBeGreaterThanOrEqual(1);
      for (const id of ids) expect(reads.get(id)).toBeLessThanOrEqual(2);
    } finally {
      unsubscribe();
    }
  });
});

describe('images, volumes and networks', () => {
  it('follows image tag, untag and delete', async () => {
    const tag = tempTag('img', 'v1');
    const base = await docker('image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE);
    await docker('tag', TEST_IMAGE, tag);
    await waitFor('tag shown', () => item(berth.engine, 'image', base)?.tags.includes(tag));
    await docker('rmi', tag);
    await waitFor('tag gone', () => item(berth.engine, 'image', base)?.tags.includes(tag) === false);
    expect(item(berth.engine, 'image', base)?.tags).toContain(TEST_IMAGE);
  });

  it('follows an image that is imported and deleted', async () => {
    const tag = tempTag('imp', 'v1');
    const id = (await docker('commit', '--change', `LABEL ${TEST_LABEL_ARG}`, await createContainer(uniqueName('commit')), tag)).trim();
    await waitFor('committed image shown', () => item(berth.engine, 'image', id)?.tags.includes(tag));
    await docker('rmi', tag);
    await waitFor('image removed', () => item(berth.engine, 'image', id) === undefined);
  });

  it('follows volume create and destroy', async () => {
    const name = uniqueName('vol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    const volume = await waitFor('volume shown', () => item(berth.engine, 'volume', name));
    expect(volume.driver).toBe('local');
    expect(volume.created).toBeGreaterThan(0);
    await docker('volume', 'rm', name);
    await waitFor('volume removed', () => item(berth.engine, 'volume', name) === undefined);
  });

  it('follows network create and destroy', async () => {
    const name = uniqueName('net');
    const id = await docker('network', 'create', '--label', TEST_LABEL_ARG, '--subnet', '10.251.7.0/24', name);
    const network = await waitFor('network shown', () => item(berth.engine, 'network', id));
    expect(network).toMatchObject({ name, driver: 'bridge', scope: 'local', pools: [{ subnet: '10.251.7.0/24', gateway: '', ipRange: '', auxAddresses: {} }] });
    await docker('network', 'rm', name);
    await waitFor('network removed', () => item(berth.engine, 'network', id) === undefined);
  });
});

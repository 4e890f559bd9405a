/**
 * Pull and push jobs against a real registry (Debian's docker-registry on
 * loopback): a bar per layer and a total, the registry's refusals in words,
 * cancel in the middle of a layer (behind a proxy that stalls the transfer
 * on a byte count) leaving no tag, a push with its layers, and a watcher
 * without credit getting the job's latest state in one message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { JobsMessage } from '#shared/jobs';
import { startGateProxy, type GateProxy } from '../support/gate-proxy';
import { watchJob } from '../support/jobs';
import { startRegistry, type Registry } from '../support/registry';
import { TEST_IMAGE, TEST_LABEL_ARG, callHandler, docker, sweep, uniqueName, waitConnected } from './helpers';

let registry: Registry;
let proxy: GateProxy;
let berth: EngineService;
/** An image of 8 MB of random bytes in its own layer, in the registry and not on the engine. */
let big: string;
let bigId: string;
const made: string[] = [];

const imageExists = (ref: string): Promise<boolean> => docker('image', 'inspect', ref).then(
  () => true,
  () => false,
);

beforeAll(async () => {
  await sweep();
  registry = await startRegistry();
  proxy = await startGateProxy(registry.port);
  berth = createEngineService();
  await waitConnected(berth.engine);
  const maker = uniqueName('big');
  await docker('run', '--name', maker, '--label', TEST_LABEL_ARG, TEST_IMAGE, 'sh', '-c', 'head -c 8388608 /dev/urandom > /big');
  big = `localhost:${proxy.port}/berth-test/big:1`;
  bigId = await docker('commit', '--change', `LABEL ${TEST_LABEL_ARG.replace('=', '="')}"`, maker, big);
  await docker('rm', maker);
  await docker('push', big);
  await docker('rmi', big);
  made.push(bigId);
}, 120_000);

afterAll(async () => {
  await berth?.stop();
  await docker('rmi', '-f', ...made).catch(() => undefined);
  await sweep();
  await proxy?.close();
  registry?.stop();
});

it('pulls with a bar per layer, the bytes, and ends done with the image', async () => {
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: big });
  const watched = watchJob(berth.service, id);
  const job = await watched.ended();
  watched.close();
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  expect(job.imageId).toBe(bigId);
  // The busybox layer is here already; the random one came over the wire, downloading then extracting.
  expect(job.layers.map((l) => l.state).sort()).toEqual(['done', 'exists']);
  const states = new Set(watched.seen.flatMap((seen) => seen.layers.map((l) => l.state)));
  expect(states.has('downloading') || states.has('extracting')).toBe(true);
  // The random layer's size over the wire, whole (even had the engine resumed the download).
  expect(job.bytes.total).toBeGreaterThan(8_000_000);
  expect(job.bytes.current).toBe(job.bytes.total);
  expect(job.log.join('\n')).toMatch(/Pull complete/);
  await docker('rmi', big);
});

it('says the registry has no such tag', async () => {
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: big.replace(/:1$/, ':no-such-tag') });
  const job = await watchJob(berth.service, id).ended();
  expect(job.state).toBe('failed');
  expect(job.error).toMatch(/Could not pull .*:no-such-tag: .* has no such tag or digest/);
});

it('says when the registry does not answer', async () => {
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: 'localhost:1/berth-test/none:1' });
  const job = await watchJob(berth.service, id).ended();
  expect(job.state).toBe('failed');
  expect(job.error).toMatch(/did not answer/);
});

it('refuses a malformed reference before starting anything', async () => {
  const before = berth.jobs.manager.list().length;
  await expect(callHandler(berth.service, 'jobs.pull', { reference: 'Not A/Reference' })).rejects.toThrow(/no spaces/);
  await expect(callHandler(berth.service, 'jobs.pull', { reference: 'busybox', platform: 'amd64' })).rejects.toThrow(/os\/arch/);
  expect(berth.jobs.manager.list().length).toBe(before);
});

it('cancels in the middle of a layer and leaves no tag behind', async () => {
  proxy.holdAfter(2_000_000);
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: big });
  const watched = watchJob(berth.service, id);
  await watched.until((job) => job.layers.some((l) => l.state === 'downloading' && l.current > 0), 'a layer downloading');
  await callHandler(berth.service, 'jobs.cancel', { id });
  const job = await watched.ended();
  watched.close();
  proxy.release();
  expect(job.state).toBe('cancelled');
  expect(job.error).toBeNull();
  expect(await imageExists(big)).toBe(false);
});

it('pushes a tag with a bar per layer', async () => {
  const pushed = `localhost:${proxy.port}/berth-test/pushed-${uniqueName('p').slice(-8)}:2`;
  await docker('tag', TEST_IMAGE, pushed);
  made.push(pushed);
  const { id } = await callHandler(berth.service, 'jobs.push', { reference: pushed });
  const job = await watchJob(berth.service, id).ended();
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  expect(job.layers.length).toBeGreaterThan(0);
  expect(job.layers.every((l) => l.state === 'done' || l.state === 'exists')).toBe(true);
  const repository = pushed.replace(/^[^/]+\//, '').replace(/:2$/, '');
  const tags = (await (await fetch(`http://127.0.0.1:${registry.port}/v2/${repository}/tags/list`)).json()) as { tags: string[] };
  expect(tags.tags).toEqual(['2']);
});

it('says a push of an image the engine does not have has nothing to push', async () => {
  const { id } = await callHandler(berth.service, 'jobs.push', { reference: `localhost:${proxy.port}/berth-test/absent:1` });
  const job = await watchJob(berth.service, id).ended();
  expect(job.error).toMatch(/no such image on this engine/);
});

it('sends a watcher without credit nothing but the snapshot, then the latest state in one message', async () => {
  const messages: JobsMessage[] = [];
  let credit = false;
  let wake: (() => void) | null = null;
  const close = berth.service.streams.jobs(
    {},
    {
      data: (message) => messages.push(message),
      end: () => undefined,
      ready: () => credit,
      onReady: (listener) => {
        wake = listener;
        return () => (wake = null);
      },
    },
  );
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: big });
  await watchJob(berth.service, id).ended();
  expect(messages.map((m) => m.type)).toEqual(['snapshot']);
  credit = true;
  (wake as (() => void) | null)?.();
  expect(messages.length).toBe(2);
  const update = messages[1];
  expect(update?.type === 'update' && update.jobs.find((job) => job.id === id)?.state).toBe('done');
  close();
  await docker('rmi', big);
});

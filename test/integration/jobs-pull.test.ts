/**
 * Pull and push jobs against a real registry (Debian's docker-registry on
 * loopback): a bar per layer and a total, the registry's refusals in words,
 * cancel in the middle of a layer (behind a proxy that stalls the transfer
 * on a byte count) leaving no tag, a pull by digest, a pull for the engine's
 * own platform and one for a platform the tag does not have (refused in
 * words, leaving no tag), a push with its layers, and a watcher without
 * credit getting the job's latest state in one message.
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
  // The gate holds the random layer mid-way until its bar has been seen: a
  // fast machine would otherwise fetch and unpack it between two messages.
  proxy.holdAfter(2_000_000);
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: big });
  const watched = watchJob(berth.service, id);
  try {
    await watched.until((job) => job.layers.some((l) => l.state === 'downloading' && l.current > 0), 'a layer downloading');
    proxy.release();
    const job = await watched.ended();
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.imageId).toBe(bigId);
    // The busybox layer is here already; the random one came over the wire.
    expect(job.layers.map((l) => l.state).sort()).toEqual(['done', 'exists']);
    // The random layer's size over the wire, whole (even had the engine resumed the download).
    expect(job.bytes.total).toBeGreaterThan(8_000_000);
    expect(job.bytes.current).toBe(job.bytes.total);
    expect(job.log.join('\n')).toMatch(/Pull complete/);
  } finally {
    watched.close();
    proxy.release();
    // The tests after this one pull it again: it must not be here, whatever happened above.
    await docker('rmi', big).catch(() => undefined);
  }
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

/** The test image pushed (straight, not through the proxy) under a new name; returns that tag, gone from the engine, and its digest reference. */
async function pushedTestImage(what: string): Promise<{ tag: string; byDigest: string }> {
  const tag = `localhost:${registry.port}/berth-test/${uniqueName(what).slice('berth-test-'.length)}:1`;
  await docker('tag', TEST_IMAGE, tag);
  await docker('push', tag);
  const byDigest = (await docker('image', 'inspect', '--format', '{{range .RepoDigests}}{{println .}}{{end}}', tag))
    .split('\n')
    .find((digest) => digest.startsWith(tag.replace(/:1$/, '@sha256:')));
  if (byDigest === undefined) throw new Error(`the push of ${tag} left no digest on the image`);
  await docker('rmi', tag);
  return { tag, byDigest };
}

it('pulls by digest: the image that digest names, and no tag', async () => {
  const { tag, byDigest } = await pushedTestImage('by-digest');
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: byDigest });
  const job = await watchJob(berth.service, id).ended();
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  expect(job.imageId).toBe(await docker('image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE));
  expect(await docker('image', 'inspect', '--format', '{{.Id}}', byDigest)).toBe(job.imageId);
  expect(await imageExists(tag)).toBe(false);
  await docker('rmi', byDigest);
});

it('pulls for the engine’s own platform, and refuses one the tag does not have, leaving no tag', async () => {
  const { tag } = await pushedTestImage('platform');
  const own = await docker('version', '--format', '{{.Server.Os}}/{{.Server.Arch}}');
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference: tag, platform: own });
  const job = await watchJob(berth.service, id).ended();
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  expect(await docker('image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', tag)).toBe(own);
  await docker('rmi', tag);

  // The tag holds one image, pushed from this engine: any other platform is one it does not have.
  const other = own === 'linux/s390x' ? 'linux/ppc64le' : 'linux/s390x';
  const refused = await callHandler(berth.service, 'jobs.pull', { reference: tag, platform: other });
  const failed = await watchJob(berth.service, refused.id).ended();
  expect(failed.state).toBe('failed');
  expect(failed.error).toBe(`Could not pull ${tag}: ${registry.host} has no ${other} image under this name (only ${own})`);
  expect(failed.imageId).toBeNull();
  expect(await imageExists(tag)).toBe(false);
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

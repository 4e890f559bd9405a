/**
 * Update detection against a real registry: a container on a tag whose
 * registry digest has moved shows "update available" (one HEAD, no pull),
 * the changes are told before anything starts, Update recreates it on the
 * new image under its name, and an image that cannot start puts the old
 * container back. A registry that asks for a password is asked with the
 * user's credential, and without one the state is unknown with the reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { CredentialStore } from '../../electron/registries/store';
import { watchJob } from '../support/jobs';
import { startRegistry, type Registry } from '../support/registry';
import { IDLE, TEST_IMAGE, TEST_LABEL_ARG, callHandler, docker, sweep, uniqueName, waitConnected, waitFor } from './helpers';

let plain: Registry;
let locked: Registry;
let berth: EngineService;
let credentials: CredentialStore;
let configDir: string;
const images: string[] = [];

async function pull(reference: string): Promise<void> {
  const { id } = await callHandler(berth.service, 'jobs.pull', { reference });
  const job = await watchJob(berth.service, id).ended();
  expect(job.error).toBeNull();
}

/** A new image behind `reference` in its registry (the local tag put back on the test image). */
async function pushNewer(reference: string, change: string): Promise<string> {
  const maker = await docker('create', '--label', TEST_LABEL_ARG, TEST_IMAGE, 'true');
  const id = await docker('commit', '--change', change, maker, reference);
  images.push(id);
  await docker('rm', maker);
  await docker('push', reference);
  await docker('tag', TEST_IMAGE, reference);
  return id;
}

async function runOn(reference: string): Promise<{ id: string; name: string }> {
  const name = uniqueName('updated');
  const id = await docker('run', '-d', '--label', TEST_LABEL_ARG, '--name', name, reference, ...IDLE);
  await waitFor('the container in Berth', () => berth.engine.store.get('container', id));
  return { id, name };
}

const check = async (reference: string) => (await callHandler(berth.service, 'updates.check', { references: [reference] })).images;

beforeAll(async () => {
  await sweep();
  plain = await startRegistry();
  locked = await startRegistry({ username: 'berth', password: 'updates-secret' });
  configDir = mkdtempSync(join(tmpdir(), 'berth-updates-'));
  writeFileSync(join(configDir, 'config.json'), '{}');
  credentials = new CredentialStore({ configDir, secretPath: join(configDir, 'secrets.json') });
  berth = createEngineService({}, { credentials });
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  // Tags and the repo digests the pulls left (on the test image too): this file's registries' only.
  const ours = (ref: string): boolean => ref.startsWith(`${plain.host}/`) || ref.startsWith(`${locked.host}/`);
  const tags = (await docker('images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n').filter((t) => ours(t) && !t.endsWith(':<none>'));
  const digests = (await docker('images', '--digests', '--format', '{{.Repository}}@{{.Digest}}')).split('\n').filter((d) => ours(d) && d.includes('@sha256:'));
  await docker('rmi', ...tags, ...digests).catch(() => undefined);
  await docker('rmi', '-f', ...images).catch(() => undefined);
  plain?.stop();
  locked?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

it('shows an update when the tag moves in the registry, says what changes, and Update recreates on it under the same name', async () => {
  const reference = `${plain.host}/berth-test/app:1`;
  await docker('tag', TEST_IMAGE, reference);
  await docker('push', reference);
  await docker('rmi', reference);
  await pull(reference);
  const { id, name } = await runOn(reference);
  await waitFor('the pulled digest', () => berth.engine.store.snapshot().images.some((image) => image.digests.some((d) => d.startsWith(`${plain.host}/berth-test/app@`))));
  expect(await check(reference)).toEqual([expect.objectContaining({ reference, containers: [id], state: 'current', reason: null })]);

  const newer = await pushNewer(reference, 'ENV BERTH_VERSION=2');
  const [update] = await check(reference);
  expect(update?.state).toBe('available');
  expect(update?.remoteDigest).not.toBe(update?.localDigest);

  await pull(reference);
  const { changes } = await callHandler(berth.service, 'updates.changes', { id });
  expect(changes[0]).toMatch(/^image sha256:[0-9a-f]+ → sha256:[0-9a-f]+$/);
  expect(changes).toContain('environment adds BERTH_VERSION=2');

  const { id: newId } = await callHandler(berth.service, 'updates.apply', { id });
  expect(await docker('inspect', '--format', '{{.Image}} {{.Name}} {{.State.Running}}', newId)).toBe(`${newer} /${name} true`);
  await waitFor('the new container in Berth', () => berth.engine.store.get('container', newId));
  await waitFor('the image digest in Berth', () => berth.engine.store.snapshot().images.find((image) => image.id === newer)?.digests.length);
  expect((await check(reference)).map((u) => u.state)).toEqual(['current']);
});

it('puts the old container back when the new image cannot start', async () => {
  const reference = `${plain.host}/berth-test/broken:1`;
  await docker('tag', TEST_IMAGE, reference);
  await docker('push', reference);
  await docker('rmi', reference);
  await pull(reference);
  const { id, name } = await runOn(reference);
  const oldImage = await docker('inspect', '--format', '{{.Image}}', id);
  await pushNewer(reference, 'ENTRYPOINT ["/no/such/binary"]');
  await pull(reference);
  await expect(callHandler(berth.service, 'updates.apply', { id })).rejects.toThrow(/no\/such\/binary|executable file not found|no such file/i);
  expect(await docker('inspect', '--format', '{{.Image}} {{.Name}} {{.State.Running}}', id)).toBe(`${oldImage} /${name} true`);
});

it('asks a registry that wants a password with the user’s credential, and without one says why it cannot tell', async () => {
  const reference = `${locked.host}/berth-test/private:1`;
  await docker('tag', TEST_IMAGE, reference);
  images.push(reference);
  await callHandler(berth.service, 'registries.login', { registry: locked.host, username: 'berth', password: 'updates-secret' });
  const { id: push } = await callHandler(berth.service, 'jobs.push', { reference });
  expect((await watchJob(berth.service, push).ended()).state).toBe('done');
  await docker('rmi', reference);
  await pull(reference);
  await runOn(reference);
  await waitFor('the pulled digest', () => berth.engine.store.snapshot().images.some((image) => image.digests.some((d) => d.startsWith(`${locked.host}/`))));
  expect((await check(reference)).map((u) => u.state)).toEqual(['current']);

  const anonymous = createEngineService({}, { credentials: new CredentialStore({ configDir, secretPath: join(configDir, 'none.json') }) });
  try {
    await waitConnected(anonymous.engine);
    await waitFor('the container in the second view', () => anonymous.engine.store.snapshot().containers.some((c) => c.image === reference));
    const [unknown] = (await callHandler(anonymous.service, 'updates.check', { references: [reference] })).images;
    expect(unknown?.state).toBe('unknown');
    expect(unknown?.reason).toMatch(/log in/);
  } finally {
    await anonymous.stop();
  }
});

/**
 * Update detection against a real registry: a container on a tag whose
 * registry digest has moved shows "update available" (one HEAD, no pull),
 * the changes are told before anything starts, and Update recreates a
 * selection (a plain container and a Compose project's) on the new image
 * under their names. A new image that exits at once or cannot start puts the
 * old container back; one whose tag moved since it was shown is skipped. A
 * registry that asks for a password is asked with the user's credential, and
 * without one the state is unknown with the reason.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { CredentialStore } from '../../electron/registries/store';
import { watchJob } from '../support/jobs';
import { startRegistry, type Registry } from '../support/registry';
import { IDLE, TEST_IMAGE, TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, callHandler, docker, sweep, uniqueName, waitConnected, waitFor } from './helpers';

const run = promisify(execFile);
const project = `berthupd${Math.random().toString(36).slice(2, 8)}`;
const composeDir = mkdtempSync(join(tmpdir(), 'berth-updates-compose-'));
const compose = async (...args: string[]): Promise<string> =>
  (await run('docker-compose', ['-p', project, '-f', join(composeDir, 'docker-compose.yml'), ...args], { cwd: composeDir })).stdout.trim();

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
  await waitFor('the container on that tag in Berth', () => berth.engine.store.get('container', id)?.image === reference);
  return { id, name };
}

/** A Compose project of one service on `reference`, brought up by docker-compose itself; its container. */
async function composeUp(reference: string): Promise<{ id: string; name: string }> {
  writeFileSync(
    join(composeDir, 'docker-compose.yml'),
    ['version: "2.4"', 'services:', '  web:', `    image: ${reference}`, `    command: ${JSON.stringify(IDLE)}`, '    labels:', `      ${TEST_LABEL}: "${TEST_RUN}"`, ''].join('\n'),
  );
  await compose('up', '-d');
  const id = await compose('ps', '-q');
  await waitFor('the project on that tag in Berth', () => berth.engine.store.get('container', id)?.image === reference);
  return { id, name: `${project}_web_1` };
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
  await compose('down', '--remove-orphans').catch(() => undefined);
  rmSync(composeDir, { recursive: true, force: true });
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

it('shows an update when the tag moves in the registry, says what changes, and Update recreates a container and a Compose project on it under their names', async () => {
  const reference = `${plain.host}/berth-test/app:1`;
  await docker('tag', TEST_IMAGE, reference);
  await docker('push', reference);
  await docker('rmi', reference);
  await pull(reference);
  const single = await runOn(reference);
  const web = await composeUp(reference);
  await waitFor('the pulled digest', () => berth.engine.store.snapshot().images.some((image) => image.digests.some((d) => d.startsWith(`${plain.host}/berth-test/app@`))));
  const [current] = await check(reference);
  expect(current).toEqual(expect.objectContaining({ reference, state: 'current', reason: null }));
  expect([...(current?.containers ?? [])].sort()).toEqual([single.id, web.id].sort());

  const newer = await pushNewer(reference, 'ENV BERTH_VERSION=2');
  const [update] = await check(reference);
  expect(update?.state).toBe('available');
  expect(update?.remoteDigest).not.toBe(update?.localDigest);

  // One pull for both: they use one tag.
  await pull(reference);
  for (const { id } of [single, web]) {
    const { changes, after } = await callHandler(berth.service, 'updates.changes', { id });
    expect(changes[0]).toMatch(/^image sha256:[0-9a-f]+ → sha256:[0-9a-f]+$/);
    expect(changes).toContain('environment adds BERTH_VERSION=2');
    expect(after?.id).toBe(newer);
  }

  const { results } = await callHandler(berth.service, 'updates.apply', { targets: [single, web].map(({ id }) => ({ id, image: newer })) });
  expect(results.map((r) => [r.name, r.outcome, r.reason])).toEqual([
    [single.name, 'updated', null],
    [web.name, 'updated', null],
  ]);
  for (const [result, before] of [
    [results[0], single],
    [results[1], web],
  ] as const) {
    expect(await docker('inspect', '--format', '{{.Image}} {{.Name}} {{.State.Running}}', result?.newId ?? '')).toBe(`${newer} /${before.name} true`);
    await waitFor('the new container in Berth', () => berth.engine.store.get('container', result?.newId ?? ''));
  }
  // Still the project's container, on its network, as Compose sees it.
  expect(await docker('inspect', '--format', '{{index .Config.Labels "com.docker.compose.project"}} {{.HostConfig.NetworkMode}}', results[1]?.newId ?? '')).toBe(`${project} ${project}_default`);
  expect(await compose('ps', '-q')).toBe(results[1]?.newId);
  await waitFor('the image digest in Berth', () => berth.engine.store.snapshot().images.find((image) => image.id === newer)?.digests.length);
  expect((await check(reference)).map((u) => u.state)).toEqual(['current']);

  // Asked again on the same image: nothing to do, and it says so.
  const again = await callHandler(berth.service, 'updates.apply', { targets: [{ id: results[0]?.newId ?? '', image: newer }] });
  expect(again.results).toEqual([expect.objectContaining({ outcome: 'skipped', reason: `it already runs the image ${reference} names` })]);
});

it('puts the old container back when the new image exits at once or cannot start, and skips one whose tag moved since it was shown', async () => {
  const reference = `${plain.host}/berth-test/broken:1`;
  await docker('tag', TEST_IMAGE, reference);
  await docker('push', reference);
  await docker('rmi', reference);
  await pull(reference);
  const first = await runOn(reference);
  const second = await runOn(reference);
  const oldImage = await docker('inspect', '--format', '{{.Image}}', first.id);
  // Starts fine, then exits: only the engine's word that it stopped tells.
  const exits = await pushNewer(reference, 'ENTRYPOINT ["sh", "-c", "exit 3"]');
  await pull(reference);
  const { results } = await callHandler(berth.service, 'updates.apply', {
    targets: [
      { id: first.id, image: exits },
      { id: second.id, image: oldImage },
    ],
  });
  expect(results[0]).toEqual(expect.objectContaining({ name: first.name, outcome: 'rolled-back', newId: null }));
  expect(results[0]?.reason).toMatch(/stopped within 2 s of starting \(exit code 3\).*put back as it was/);
  expect(results[1]).toEqual(expect.objectContaining({ name: second.name, outcome: 'skipped' }));
  expect(results[1]?.reason).toMatch(/names another image .* than the one shown/);

  const missing = await pushNewer(reference, 'ENTRYPOINT ["/no/such/binary"]');
  await pull(reference);
  const { results: again } = await callHandler(berth.service, 'updates.apply', { targets: [{ id: first.id, image: missing }] });
  expect(again[0]?.outcome).toBe('rolled-back');
  expect(again[0]?.reason).toMatch(/no\/such\/binary|executable file not found|no such file/i);
  for (const { id, name } of [first, second]) expect(await docker('inspect', '--format', '{{.Image}} {{.Name}} {{.State.Running}}', id)).toBe(`${oldImage} /${name} true`);
  // Nothing of the failed attempts is left.
  expect(await docker('ps', '-aq', '--filter', `ancestor=${exits}`)).toBe('');
  expect(await docker('ps', '-aq', '--filter', `ancestor=${missing}`)).toBe('');
});

it('refuses a request that names a container twice or no image id', async () => {
  const id = 'a'.repeat(64);
  const image = `sha256:${'b'.repeat(64)}`;
  await expect(callHandler(berth.service, 'updates.apply', { targets: [{ id, image }, { id, image }] } as never)).rejects.toThrow(/each container once/);
  await expect(callHandler(berth.service, 'updates.apply', { targets: [{ id, image: 'latest' }] } as never)).rejects.toThrow(/full image id/);
  await expect(callHandler(berth.service, 'updates.apply', { targets: [] } as never)).rejects.toThrow();
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

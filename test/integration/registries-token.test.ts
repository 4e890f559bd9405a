/**
 * A registry that asks for bearer tokens (docker-registry with `auth: token`
 * and the token server of test/support/token-registry.ts): logging in,
 * pushing and pulling go through the engine's own token flow; the update
 * check goes 401 challenge → token (with the user's credential and the
 * challenge's scope) → HEAD, and finds "update available" once the tag
 * moves; a password that no longer works gives the state "unknown" with a
 * reason that says so; and a tag that names a multi-arch index is compared
 * by the index's digest, which is what a pull records, and when that moved,
 * by the entry for this platform.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { CredentialStore } from '../../electron/registries/store';
import { watchJob } from '../support/jobs';
import { startTokenRegistry, type TokenRegistry } from '../support/token-registry';
import { IDLE, TEST_IMAGE, TEST_LABEL_ARG, callHandler, docker, sweep, uniqueName, waitConnected, waitFor } from './helpers';

const USER = 'berth';
const PASSWORD = 'token-secret';

let registry: TokenRegistry;
let berth: EngineService;
let configDir: string;
const images: string[] = [];

async function job(name: 'jobs.pull' | 'jobs.push', reference: string): Promise<void> {
  const { id } = await callHandler(berth.service, name, { reference });
  const ended = await watchJob(berth.service, id).ended();
  expect(ended.error).toBeNull();
}

/** A new image (the test image with `change`) pushed under `reference` through Berth; the local tag then goes. */
async function pushImage(reference: string, change: string): Promise<string> {
  const maker = await docker('create', '--label', TEST_LABEL_ARG, TEST_IMAGE, 'true');
  const id = await docker('commit', '--change', change, maker, reference);
  images.push(id);
  await docker('rm', maker);
  await job('jobs.push', reference);
  await docker('rmi', reference);
  return id;
}

async function runOn(reference: string): Promise<string> {
  const id = await docker('run', '-d', '--label', TEST_LABEL_ARG, '--name', uniqueName('token'), reference, ...IDLE);
  await waitFor('the container in Berth', () => berth.engine.store.get('container', id));
  return id;
}

async function pulledDigest(reference: string): Promise<void> {
  const repository = reference.replace(/:[^:/]+$/, '');
  await waitFor('the pulled digest in Berth', () => berth.engine.store.snapshot().images.some((image) => image.digests.some((d) => d.startsWith(`${repository}@`))));
}

const check = async (service: EngineService, reference: string) => (await callHandler(service.service, 'updates.check', { references: [reference] })).images;

/** Registry API calls of the test's own (the index it writes by hand), with a token for `actions`. */
async function api(path: string, actions: string, init: RequestInit = {}): Promise<Response> {
  const repository = /^\/v2\/(.+)\/manifests\//.exec(path)?.[1] ?? '';
  const token = await registry.token(`repository:${repository}:${actions}`);
  return fetch(`http://127.0.0.1:${registry.port}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` } });
}

/** An index entry: the manifest at `tag`, under a platform (the engine's own when none is named). */
interface Entry {
  tag: string;
  platform?: { os: string; architecture: string };
}

/** Writes an OCI index under `tag` naming each entry's manifest; returns the index's digest. */
async function putIndex(repository: string, tag: string, entries: Entry[]): Promise<string> {
  const manifestType = 'application/vnd.docker.distribution.manifest.v2+json';
  const [os = '', architecture = ''] = (await docker('version', '--format', '{{.Server.Os}} {{.Server.Arch}}')).split(' ');
  const manifests = await Promise.all(
    entries.map(async (entry) => {
      const platform = await api(`/v2/${repository}/manifests/${entry.tag}`, 'pull', { headers: { Accept: manifestType } });
      expect(platform.status).toBe(200);
      const body = Buffer.from(await platform.arrayBuffer());
      return { mediaType: platform.headers.get('content-type') ?? manifestType, digest: platform.headers.get('docker-content-digest'), size: body.length, platform: entry.platform ?? { os, architecture } };
    }),
  );
  const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests });
  const put = await api(`/v2/${repository}/manifests/${tag}`, 'pull,push', { method: 'PUT', headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }, body: index });
  expect(put.status, await put.clone().text()).toBe(201);
  const digest = `sha256:${createHash('sha256').update(index).digest('hex')}`;
  expect(put.headers.get('docker-content-digest')).toBe(digest);
  return digest;
}

beforeAll(async () => {
  await sweep();
  registry = await startTokenRegistry({ username: USER, password: PASSWORD });
  configDir = mkdtempSync(join(tmpdir(), 'berth-token-config-'));
  writeFileSync(join(configDir, 'config.json'), '{}');
  berth = createEngineService({}, { credentials: new CredentialStore({ configDir, secretPath: join(configDir, 'secrets.json') }) });
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  if (!registry) return;
  // Tags and repo digests of this file's registry only (the pulls leave them on the test image too).
  const ours = (ref: string): boolean => ref.startsWith(`${registry.host}/`);
  const tags = (await docker('images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n').filter((t) => ours(t) && !t.endsWith(':<none>'));
  const digests = (await docker('images', '--digests', '--format', '{{.Repository}}@{{.Digest}}')).split('\n').filter((d) => ours(d) && d.includes('@sha256:'));
  await docker('rmi', ...tags, ...digests).catch(() => undefined);
  await docker('rmi', '-f', ...images).catch(() => undefined);
  registry.stop();
  rmSync(configDir, { recursive: true, force: true });
});

it('logs in through the engine’s token flow, refusing a wrong password in words', async () => {
  await expect(callHandler(berth.service, 'registries.login', { registry: registry.host, username: USER, password: 'wrong' })).rejects.toThrow(/refused that user name and password/);
  await callHandler(berth.service, 'registries.login', { registry: registry.host, username: USER, password: PASSWORD });
  expect(registry.requests.filter((r) => r.account === USER).map((r) => r.granted)).toEqual([false, true]);
});

// One tag through the next three tests: pushed, pulled and run on; checked with a stale password; then moved.
const app = (): string => `${registry.host}/berth-test/app:1`;

it('pushes and pulls with tokens, and checks the tag by 401 challenge → token → HEAD', async () => {
  await pushImage(app(), 'ENV BERTH_VERSION=1');
  await job('jobs.pull', app());
  await runOn(app());
  await pulledDigest(app());

  const before = registry.requests.length;
  expect(await check(berth, app())).toEqual([expect.objectContaining({ reference: app(), state: 'current', reason: null })]);
  // The check's own token: the user's, for the challenge's scope, pull only (a HEAD spends no pull and asks for nothing more).
  expect(registry.requests.slice(before)).toEqual([{ account: USER, scopes: ['repository:berth-test/app:pull'], granted: true }]);
});

it('says why it cannot tell when the saved password no longer works', async () => {
  // The docker CLI's inline login with a password the token server refuses (changed since it was saved).
  const staleDir = mkdtempSync(join(tmpdir(), 'berth-token-stale-'));
  const auths = { [registry.host]: { auth: Buffer.from(`${USER}:changed-since`).toString('base64') } };
  writeFileSync(join(staleDir, 'config.json'), JSON.stringify({ auths }));
  const stale = createEngineService({}, { credentials: new CredentialStore({ configDir: staleDir, secretPath: join(staleDir, 'secrets.json') }) });
  try {
    await waitConnected(stale.engine);
    await waitFor('the container in the second view', () => stale.engine.store.snapshot().containers.some((c) => c.image === app()));
    const [unknown] = await check(stale, app());
    expect(unknown).toMatchObject({ state: 'unknown', remoteDigest: null });
    expect(unknown?.reason).toMatch(new RegExp(`refused the user name and password for ${USER}.*log in again`));
  } finally {
    await stale.stop();
    rmSync(staleDir, { recursive: true, force: true });
  }
});

it('finds "update available" once a new push moves the tag', async () => {
  await pushImage(app(), 'ENV BERTH_VERSION=2');
  const [update] = await check(berth, app());
  expect(update?.state).toBe('available');
  expect(update?.remoteDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(update?.remoteDigest).not.toBe(update?.localDigest);
});

it('compares a multi-arch tag by its index digest, the one a pull records, and looks inside when only another platform moved', async () => {
  const repository = 'berth-test/multi';
  const reference = `${registry.host}/${repository}:1`;
  // Another platform's entry: any manifest will do, the registry does not read platforms.
  const other = { os: 'linux', architecture: 'riscv64' };
  await pushImage(`${registry.host}/${repository}:platform-a`, 'ENV BERTH_BUILD=a');
  await pushImage(`${registry.host}/${repository}:other-1`, 'ENV BERTH_BUILD=other-1');
  const first = await putIndex(repository, '1', [{ tag: 'platform-a' }, { tag: 'other-1', platform: other }]);
  await job('jobs.pull', reference);
  await runOn(reference);
  await pulledDigest(reference);
  expect(await check(berth, reference)).toEqual([expect.objectContaining({ state: 'current', localDigest: first, remoteDigest: first, reason: null })]);

  // Only the other platform's image moves: the index's digest changes, this platform's image does not.
  await pushImage(`${registry.host}/${repository}:other-2`, 'ENV BERTH_BUILD=other-2');
  const second = await putIndex(repository, '1', [{ tag: 'platform-a' }, { tag: 'other-2', platform: other }]);
  const [unchanged] = await check(berth, reference);
  expect(unchanged).toEqual(expect.objectContaining({ state: 'current', localDigest: first, remoteDigest: second }));
  expect(unchanged?.reason).toMatch(/only for other platforms/);

  await pushImage(`${registry.host}/${repository}:platform-b`, 'ENV BERTH_BUILD=b');
  const third = await putIndex(repository, '1', [{ tag: 'platform-b' }, { tag: 'other-2', platform: other }]);
  expect(await check(berth, reference)).toEqual([expect.objectContaining({ state: 'available', localDigest: first, remoteDigest: third, reason: null })]);

  // An index with no image for this platform any more: Berth says so rather than offering an update it could not pull.
  const fourth = await putIndex(repository, '1', [{ tag: 'other-2', platform: other }]);
  const [gone] = await check(berth, reference);
  expect(gone).toEqual(expect.objectContaining({ state: 'unknown', remoteDigest: fourth }));
  expect(gone?.reason).toMatch(/no longer has an image for linux\//);
});

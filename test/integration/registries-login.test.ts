/**
 * Logging in to a real registry that asks for a password (docker-registry
 * with htpasswd -B), checked by the engine's /auth: a wrong password gets
 * its own words and keeps nothing; a right one is kept (for the session
 * when no helper is configured; in the helper when config.json names one,
 * here a small credential helper script made by the test) and pushes and
 * pulls use it; logging out needs the registry named and forgets it. The
 * docker CLI's config.json is a folder of the test's own.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { CredentialStore } from '../../electron/registries/store';
import { createBerthService } from '../../electron/service';
import { watchJob } from '../support/jobs';
import { startRegistry, type Registry } from '../support/registry';
import { memorySettings } from '../support/service';
import { TEST_IMAGE, callHandler, docker, waitConnected } from './helpers';

const USER = 'berth';
const PASSWORD = 'correct horse battery staple';

let registry: Registry;
const dirs: string[] = [];
const tags: string[] = [];
const engines: EngineService[] = [];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-creds-'));
  dirs.push(dir);
  return dir;
}

/** Berth with its own docker config folder, and one engine whose jobs use that store. */
async function berthWith(config: object, env?: NodeJS.ProcessEnv) {
  const configDir = folder();
  writeFileSync(join(configDir, 'config.json'), JSON.stringify(config));
  const credentials = new CredentialStore({ configDir, secretPath: join(configDir, 'berth-credentials.json'), env });
  const app = createBerthService({ discover: () => [], settings: memorySettings(), credentials });
  const engine = createEngineService({}, { credentials });
  engines.push(engine);
  await waitConnected(engine.engine);
  return { app, engine, configDir, credentials };
}

async function runJob(engine: EngineService, name: 'jobs.pull' | 'jobs.push', reference: string) {
  const { id } = await callHandler(engine.service, name, { reference });
  return watchJob(engine.service, id).ended();
}

/** The test image under a fresh tag of the private registry, on the engine. */
async function localTag(name: string): Promise<string> {
  const ref = `${registry.host}/berth-test/${name}:1`;
  await docker('tag', TEST_IMAGE, ref);
  tags.push(ref);
  return ref;
}

beforeAll(async () => {
  registry = await startRegistry({ username: USER, password: PASSWORD });
});

afterAll(async () => {
  for (const engine of engines) await engine.stop();
  await docker('rmi', ...tags).catch(() => undefined);
  registry?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('without a credential helper', () => {
  it('refuses a wrong password in words and keeps nothing', async () => {
    const { app, engine } = await berthWith({});
    await expect(callHandler(engine.service, 'registries.login', { registry: registry.host, username: USER, password: 'wrong' })).rejects.toThrow(
      new RegExp(`Could not log in to ${registry.host}: it refused that user name and password`),
    );
    expect((await app.service.requests['registries.list']({})).credentials).toEqual([]);
  });

  it('says when the registry does not answer', async () => {
    const { engine } = await berthWith({});
    await expect(callHandler(engine.service, 'registries.login', { registry: 'localhost:1', username: USER, password: PASSWORD })).rejects.toThrow(/Could not log in to localhost:1/);
  });

  it('logs in for the session, says so, pushes and pulls with it, and logs out only when the registry is named', async () => {
    const { app, engine } = await berthWith({});
    const ref = await localTag('session');
    const refused = await runJob(engine, 'jobs.push', ref);
    expect(refused.error).toMatch(/refused access; log in to it under Registries/);

    const login = await callHandler(engine.service, 'registries.login', { registry: `http://${registry.host}/`, username: USER, password: PASSWORD });
    expect(login).toEqual({ registry: registry.host, store: 'this session only (not kept when Berth stops)' });
    const listed = await app.service.requests['registries.list']({});
    expect(listed.credentials).toEqual([{ registry: registry.host, username: USER, store: 'this session only (not kept when Berth stops)' }]);
    expect(listed.storage.available).toBe(false);
    expect(listed.storage.note).toMatch(/cannot keep a new login securely/);
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);

    expect((await runJob(engine, 'jobs.push', ref)).state).toBe('done');
    await docker('rmi', ref);
    expect((await runJob(engine, 'jobs.pull', ref)).state).toBe('done');

    const logout = app.service.requests['registries.logout'];
    await expect(logout({ registry: registry.host, confirmed: { name: 'localhost:1', also: [] } })).rejects.toMatchObject({ code: 'unconfirmed' });
    await logout({ registry: registry.host, confirmed: { name: registry.host, also: [] } });
    expect((await app.service.requests['registries.list']({})).credentials).toEqual([]);
    await docker('rmi', ref);
    expect((await runJob(engine, 'jobs.pull', ref)).error).toMatch(/refused access/);
  });

  it('uses an inline config.json credential, and logging out takes it out of the file', async () => {
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    const { app, engine, configDir } = await berthWith({ auths: { [registry.host]: { auth } }, other: 'kept' });
    const ref = await localTag('inline');
    expect((await runJob(engine, 'jobs.push', ref)).state).toBe('done');
    expect((await app.service.requests['registries.list']({})).credentials).toEqual([{ registry: registry.host, username: USER, store: 'config.json (not encrypted)' }]);
    await app.service.requests['registries.logout']({ registry: registry.host, confirmed: { name: registry.host, also: [] } });
    expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8'))).toEqual({ auths: {}, other: 'kept' });
  });
});

describe('with a credential helper in credsStore', () => {
  /** A docker-credential-berthtest that keeps what it is given in a JSON file beside itself. */
  function helperScript(): { bin: string; store: string } {
    const bin = folder();
    const store = join(bin, 'store.json');
    writeFileSync(store, '{}');
    const script = join(bin, 'docker-credential-berthtest');
    writeFileSync(
      script,
      `#!${process.execPath}
const fs = require('fs');
const file = ${JSON.stringify(store)};
const all = JSON.parse(fs.readFileSync(file, 'utf8'));
const input = fs.readFileSync(0, 'utf8').trim();
const verb = process.argv[2];
if (verb === 'store') { const c = JSON.parse(input); all[c.ServerURL] = { Username: c.Username, Secret: c.Secret }; }
else if (verb === 'get') { const c = all[input]; if (!c) { process.stdout.write('credentials not found in native keychain'); process.exit(1); } process.stdout.write(JSON.stringify({ ServerURL: input, ...c })); }
else if (verb === 'erase') { delete all[input]; }
else if (verb === 'list') { process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.Username])))); }
fs.writeFileSync(file, JSON.stringify(all));
`,
    );
    chmodSync(script, 0o755);
    return { bin, store };
  }

  it('keeps a new login in the helper, lists it, pushes with it, and erases it on logout', async () => {
    const { bin, store } = helperScript();
    const { app, engine } = await berthWith({ credsStore: 'berthtest' }, { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect((await app.service.requests['registries.list']({})).storage).toEqual({ available: true, note: 'New logins go to docker-credential-berthtest, as the docker CLI’s would.' });
    const login = await callHandler(engine.service, 'registries.login', { registry: registry.host, username: USER, password: PASSWORD });
    expect(login.store).toBe('docker-credential-berthtest');
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ [registry.host]: { Username: USER, Secret: PASSWORD } });
    expect((await app.service.requests['registries.list']({})).credentials).toEqual([{ registry: registry.host, username: USER, store: 'docker-credential-berthtest' }]);

    const ref = await localTag('helper');
    expect((await runJob(engine, 'jobs.push', ref)).state).toBe('done');

    await app.service.requests['registries.logout']({ registry: registry.host, confirmed: { name: registry.host, also: [] } });
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({});
  });
});

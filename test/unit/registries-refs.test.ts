/**
 * Registries without a network: how a registry is keyed (config.json's way),
 * which registry a reference pulls from, where its manifest is asked for,
 * a registry's auth challenge read, and the credential store's choice of
 * where a new login goes when its SecretBox cannot keep it safely.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCKER_HUB, RegistryNameSchema, namesATag, registryKey, registryOfReference, registriesRequests } from '#shared/registries';
import { parseChallenge, parseReference } from '../../electron/registries/manifest';
import type { SecretBox } from '../../electron/registries/secret-file';
import { CredentialStore } from '../../electron/registries/store';
import { withTag } from '../../electron/engine/registries/updates';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('registry names', () => {
  it('keys a registry as config.json does: host[:port], Docker Hub under its old URL', () => {
    expect(registryKey('https://Registry.Example.com:5000/v2/')).toBe('registry.example.com:5000');
    expect(registryKey('docker.io')).toBe(DOCKER_HUB);
    expect(registryKey('')).toBe(DOCKER_HUB);
    expect(RegistryNameSchema.safeParse('not a host!').success).toBe(false);
  });

  it('finds the registry of a reference by the CLI’s rule', () => {
    expect(registryOfReference('nginx')).toBe(DOCKER_HUB);
    expect(registryOfReference('team/app:1')).toBe(DOCKER_HUB);
    expect(registryOfReference('localhost:5000/app:1')).toBe('localhost:5000');
    expect(registryOfReference('ghcr.io/team/app@sha256:abc')).toBe('ghcr.io');
  });

  it('asks for manifests where the registry answers, plain HTTP only on loopback', () => {
    expect(parseReference('nginx')).toEqual({ registry: DOCKER_HUB, base: 'https://registry-1.docker.io', repository: 'library/nginx', tag: 'latest' });
    expect(parseReference('localhost:5000/team/app:2')).toEqual({ registry: 'localhost:5000', base: 'http://localhost:5000', repository: 'team/app', tag: '2' });
    expect(parseReference('registry.example.com/app:1').base).toBe('https://registry.example.com');
    expect(withTag('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('reads a bearer challenge', () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:team/app:pull' },
    });
    expect(parseChallenge('Basic realm="berth"').scheme).toBe('basic');
  });
});

describe('where a new login goes', () => {
  /** A box for the test: reversible, not secret, and as refusing as `problem` says. */
  const box = (problem: string | null): SecretBox => ({
    where: 'the test box',
    problem: () => problem,
    encrypt: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decrypt: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
  });
  const folder = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-store-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.json'), '{}');
    return dir;
  };

  it('encrypts it into Berth’s file when the box can keep secrets', async () => {
    const dir = folder();
    const store = new CredentialStore({ configDir: dir, secretPath: join(dir, 'secrets.json'), box: box(null) });
    expect(await store.save('localhost:5000', 'me', { password: 'hunter2' })).toBe('Berth (encrypted with the test box)');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('hunter2');
    expect(await store.forRegistry('localhost:5000')).toEqual({ serveraddress: 'localhost:5000', username: 'me', password: 'hunter2' });
    expect(await store.list()).toEqual([{ registry: 'localhost:5000', username: 'me', store: 'Berth (encrypted with the test box)' }]);
  });

  it('keeps it for the session only, and says why, when the box would use a plain-text key (basic_text)', async () => {
    const dir = folder();
    const store = new CredentialStore({ configDir: dir, secretPath: join(dir, 'secrets.json'), box: box('The system keychain is not available (safeStorage would use a plain-text key)') });
    expect(await store.storage()).toEqual({
      available: false,
      note: 'The system keychain is not available (safeStorage would use a plain-text key), so Berth cannot keep a new login securely: it lasts until Berth stops. Configure a docker credential helper (credsStore in config.json) to keep logins.',
    });
    expect(await store.save('localhost:5000', 'me', { password: 'hunter2' })).toBe('this session only (not kept when Berth stops)');
    expect(() => readFileSync(join(dir, 'secrets.json'))).toThrow();
  });
});

describe('what an update can move', () => {
  it('moves a tag, never an image id or a digest', () => {
    for (const image of ['busybox', 'busybox:1.36', 'localhost:5000/app:1', 'ghcr.io/o/app']) expect(namesATag(image)).toBe(true);
    for (const image of ['', `sha256:${'a'.repeat(64)}`, 'a1b2c3d4e5f6', `app@sha256:${'b'.repeat(64)}`]) expect(namesATag(image)).toBe(false);
  });

  it('takes each container once, with the full id of the image it was shown', () => {
    const args = registriesRequests['updates.apply'].args;
    const target = { id: 'web', image: `sha256:${'c'.repeat(64)}` };
    expect(args.safeParse({ targets: [target] }).success).toBe(true);
    expect(args.safeParse({ targets: [target, target] }).success).toBe(false);
    expect(args.safeParse({ targets: [{ ...target, image: 'latest' }] }).success).toBe(false);
    expect(args.safeParse({ targets: [] }).success).toBe(false);
  });
});

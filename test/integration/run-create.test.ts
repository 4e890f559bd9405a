/**
 * Running containers from a RunSpec against the real engine: what the form
 * asks for is what the engine makes (read back through inspect), a failed
 * start leaves nothing behind, host access needs the confirmation flag, and
 * a recreate either replaces the container or puts the old one back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { RequestArgs, RequestResult } from '#shared/contract';
import { fieldOfRunError, type RunSpec } from '#shared/run';
import { TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, callHandler, createContainer, docker, sweep, testRunSpec, uniqueName, waitConnected } from './helpers';

let berth: EngineService;
let dir: string;

const call = <N extends 'run.create' | 'run.spec' | 'run.recreate'>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

const spec = testRunSpec;

/** The spec as Berth reads it back, ports in a stable order. */
async function readBack(id: string): Promise<RunSpec> {
  const read = await call('run.spec', { id });
  read.ports.sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
  return read;
}

async function exists(ref: string): Promise<boolean> {
  return docker('inspect', ref).then(
    () => true,
    () => false,
  );
}

/** A host port the engine just gave another container: certainly in use. */
async function busyPort(): Promise<number> {
  const id = await createContainer(uniqueName('holder'), ['-p', '127.0.0.1::8080']);
  await docker('start', id);
  const out = await docker('port', id, '8080/tcp');
  return Number(/:(\d+)\s*$/m.exec(out)?.[1]);
}

beforeAll(async () => {
  await sweep();
  dir = mkdtempSync(join(tmpdir(), 'berth-run-'));
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  rmSync(dir, { recursive: true, force: true });
});

describe('run.create', () => {
  it('makes the container the spec describes, and reads it back the same', async () => {
    const volume = uniqueName('vol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
    const wanted = spec(uniqueName('full'), {
      entrypoint: ['sh', '-c'],
      command: ['trap "exit 0" TERM; while :; do sleep 0.1; done', 'ignored arg'],
      workdir: '/tmp',
      env: ['GREETING=hello world', 'QUOTED="it\'s"', 'EMPTY='],
      ports: [
        { hostIp: '127.0.0.1', hostPort: null, containerPort: 80, protocol: 'tcp' },
        { hostIp: '', hostPort: null, containerPort: 5353, protocol: 'udp' },
      ],
      publishAll: true,
      mounts: [
        { type: 'volume', source: volume, target: '/data', readOnly: false },
        { type: 'bind', source: dir, target: '/host', readOnly: true },
        { type: 'tmpfs', target: '/scratch', readOnly: false },
      ],
      restart: { name: 'on-failure', maxRetries: 3 },
      cpus: 0.5,
      memoryBytes: 64 * 1024 * 1024,
      user: '1000:1000',
      hostname: 'berth-host',
      labels: { [TEST_LABEL]: TEST_RUN, 'com.example.note': 'a label with spaces' },
      tty: true,
      stdin: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      readOnlyRootfs: true,
      noNewPrivileges: true,
      seccomp: 'unconfined',
    });
    await expect(call('run.create', { spec: wanted })).rejects.toThrow(/access to the host.*host folder/);
    const { id } = await call('run.create', { spec: wanted, confirmHostAccess: true });
    expect(await docker('inspect', '--format', '{{.State.Running}}', id)).toBe('true');
    expect(await readBack(id)).toEqual(wanted);
    // And the engine really applied it, not just stored it.
    expect(await docker('exec', id, 'sh', '-c', 'echo "$GREETING"; id -u; hostname; pwd')).toBe('hello world\n1000\nberth-host\n/tmp');
  });

  it('reads back a plain run as defaults only', async () => {
    const wanted = spec(uniqueName('plain'));
    const { id } = await call('run.create', { spec: wanted });
    expect(await readBack(id)).toEqual(wanted);
  });

  it('refuses privileged, host network and the Docker socket without the confirmation flag', async () => {
    for (const patch of [
      { privileged: true },
      { network: 'host' },
      { pid: 'host' as const },
      { mounts: [{ type: 'bind' as const, source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }] },
    ]) {
      const name = uniqueName('risky');
      await expect(call('run.create', { spec: spec(name, patch) })).rejects.toThrow(/only after you confirm/);
      expect(await exists(name)).toBe(false);
    }
  });

  it('removes a container whose host port is taken, and names the port', async () => {
    const port = await busyPort();
    const name = uniqueName('conflict');
    const wanted = spec(name, {
      ports: [
        { hostIp: '127.0.0.1', hostPort: null, containerPort: 81, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' },
      ],
    });
    const error = await call('run.create', { spec: wanted }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain(String(port));
    expect(error?.message).toMatch(/was removed again/);
    expect(fieldOfRunError(wanted, error?.message ?? '')).toBe('ports.1.hostPort');
    expect(await exists(name)).toBe(false);
  });

  it('refuses a bind mount of a missing host path before creating anything', async () => {
    const name = uniqueName('nobind');
    const missing = join(dir, 'not-here');
    const wanted = spec(name, { mounts: [{ type: 'bind', source: missing, target: '/x', readOnly: false }] });
    const error = await call('run.create', { spec: wanted, confirmHostAccess: true }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain(`${missing} does not exist`);
    expect(fieldOfRunError(wanted, error?.message ?? '')).toBe('mounts.0.source');
    expect(await exists(name)).toBe(false);
  });

  it('says so in the engine\'s words when the image is missing and may not be pulled', async () => {
    const wanted = spec(uniqueName('noimage'), { image: 'berth-test/no-such-image:1' });
    const error = await call('run.create', { spec: wanted, pull: 'never' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/No such image/i);
    expect(fieldOfRunError(wanted, error?.message ?? '')).toBe('image');
  });
});

describe('run.recreate', () => {
  it('replaces the container under the same name with the new settings', async () => {
    const name = uniqueName('recreate');
    const { id: oldId } = await call('run.create', { spec: spec(name, { env: ['VERSION=1'] }) });
    const edited = await readBack(oldId);
    expect(edited.env).toEqual(['VERSION=1']);
    edited.env = ['VERSION=2'];
    edited.ports = [{ hostIp: '127.0.0.1', hostPort: null, containerPort: 80, protocol: 'tcp' }];
    const { id } = await call('run.recreate', { id: oldId, spec: edited });
    expect(id).not.toBe(oldId);
    expect(await exists(oldId)).toBe(false);
    expect(await docker('inspect', '--format', '{{.Name}} {{.State.Running}}', id)).toBe(`/${name} true`);
    expect(await readBack(id)).toEqual(edited);
    expect(await docker('ps', '-a', '--filter', `name=${name}-berth-old`, '--format', '{{.Names}}')).toBe('');
  });

  it('keeps the aliases, the fixed address and every further network, as Compose made them', async () => {
    const name = uniqueName('recreate-net');
    const front = uniqueName('front');
    const back = uniqueName('back');
    await docker('network', 'create', '--label', TEST_LABEL_ARG, '--subnet', '10.231.7.0/24', front);
    await docker('network', 'create', '--label', TEST_LABEL_ARG, back);
    const oldId = await createContainer(name, ['--network', front, '--network-alias', 'web', '--ip', '10.231.7.9']);
    await docker('network', 'connect', '--alias', 'api', back, oldId);
    await docker('start', oldId);
    const edited = await readBack(oldId);
    edited.env = ['VERSION=2'];
    const { id } = await call('run.recreate', { id: oldId, spec: edited });
    const networks = JSON.parse(await docker('inspect', '--format', '{{json .NetworkSettings.Networks}}', id)) as Record<
      string,
      { Aliases: string[] | null; IPAddress: string; IPAMConfig: { IPv4Address?: string } | null }
    >;
    expect(Object.keys(networks).sort()).toEqual([back, front].sort());
    expect(networks[front]?.Aliases).toContain('web');
    expect(networks[front]?.Aliases).not.toContain(oldId.slice(0, 12));
    expect(networks[front]?.IPAMConfig?.IPv4Address).toBe('10.231.7.9');
    expect(networks[front]?.IPAddress).toBe('10.231.7.9');
    expect(networks[back]?.Aliases).toContain('api');
    // Its neighbours still find it by the names they used.
    const neighbour = await createContainer(uniqueName('neighbour'), ['--network', back]);
    await docker('start', neighbour);
    expect(await docker('exec', neighbour, 'sh', '-c', 'getent hosts api || nslookup api')).toMatch(/\d+\.\d+\.\d+\.\d+/);
  });

  it('puts the old container back, running and named, when the new one cannot start', async () => {
    const name = uniqueName('recreate-fail');
    const { id: oldId } = await call('run.create', { spec: spec(name) });
    const port = await busyPort();
    const broken = spec(name, { ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }] });
    const error = await call('run.recreate', { id: oldId, spec: broken }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain(String(port));
    expect(error?.message).toContain('put back as it was');
    expect(await docker('inspect', '--format', '{{.Name}} {{.State.Running}}', oldId)).toBe(`/${name} true`);
    // Exactly one container by that name (or its parked name): the old one.
    expect(await docker('ps', '-aq', '--no-trunc', '--filter', `name=${name}`)).toBe(oldId);
  });

  it('keeps a stopped container stopped when putting it back', async () => {
    const name = uniqueName('recreate-stopped');
    const oldId = await createContainer(name);
    const error = await call('run.recreate', { id: oldId, spec: spec(name, { image: 'berth-test/no-such-image:1' }) }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).not.toBeNull();
    expect(await docker('inspect', '--format', '{{.Name}} {{.State.Status}}', oldId)).toBe(`/${name} created`);
  });
});

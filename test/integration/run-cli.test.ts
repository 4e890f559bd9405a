/**
 * "Copy as docker run" is checked by the real thing: the copied command goes
 * through a real shell and the real docker CLI, and the container it makes
 * reads back with the same settings as the original, on every field the
 * form covers. The Compose snippet is checked by docker-compose itself.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { RequestArgs, RequestResult } from '#shared/contract';
import { composeSnippet, dockerRunCommand } from '#shared/run-cli';
import { emptyRunSpec, type RunSpec } from '#shared/run';
import { TEST_IMAGE, TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, callHandler, docker, sweep, uniqueName, waitConnected } from './helpers';

const exec = promisify(execFile);
let berth: EngineService;
let dir: string;

const call = <N extends 'run.create' | 'run.spec'>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

async function readBack(id: string): Promise<RunSpec> {
  const spec = await call('run.spec', { id });
  spec.ports.sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
  // The CLI passes the environment on in its own order; a process's environment has none.
  spec.env.sort();
  return spec;
}

beforeAll(async () => {
  await sweep();
  dir = mkdtempSync(join(tmpdir(), 'berth run-cli "dir" $x-'));
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  rmSync(dir, { recursive: true, force: true });
});

function richSpec(name: string, volume: string): RunSpec {
  return {
    ...emptyRunSpec(TEST_IMAGE),
    name,
    entrypoint: ['sh'],
    command: ['-c', `trap "exit 0" TERM; echo 'it''s $HOME'; while :; do sleep 0.1; done`, 'arg with spaces', ''],
    workdir: '/tmp',
    env: ['PLAIN=1', 'SPACES=hello world', `QUOTES=it's "quoted"`, 'DOLLAR=$HOME and `backticks` and \\', 'EMPTY='],
    ports: [
      { hostIp: '127.0.0.1', hostPort: null, containerPort: 80, protocol: 'tcp' },
      { hostIp: '', hostPort: null, containerPort: 53, protocol: 'udp' },
    ],
    publishAll: true,
    mounts: [
      { type: 'volume', source: volume, target: '/data', readOnly: true },
      { type: 'bind', source: dir, target: '/host dir', readOnly: false },
      { type: 'tmpfs', target: '/scratch', readOnly: false },
    ],
    restart: { name: 'on-failure', maxRetries: 2 },
    cpus: 0.25,
    memoryBytes: 48 * 1024 * 1024,
    user: '1000:1000',
    hostname: 'copied-host',
    labels: { [TEST_LABEL]: TEST_RUN, 'com.example.note': `a "label", with 'quotes'` },
    tty: true,
    stdin: true,
    capAdd: ['NET_ADMIN'],
    capDrop: ['MKNOD'],
    readOnlyRootfs: true,
    noNewPrivileges: true,
    seccomp: 'unconfined',
    selinux: 'disabled',
    ipc: 'host',
    userns: 'host',
    devices: [
      { hostPath: '/dev/zero', containerPath: '/dev/berth-zero', permissions: 'rwm' },
      { hostPath: '/dev/null', containerPath: '/dev/null', permissions: 'r' },
    ],
  };
}

it('runs the copied docker run command through the real CLI and gets the same container', async () => {
  const volume = uniqueName('cli-vol');
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
  const { id } = await call('run.create', { spec: richSpec(uniqueName('cli-orig'), volume), confirmHostAccess: true });
  const original = await readBack(id);

  const copyName = uniqueName('cli-copy');
  const command = dockerRunCommand({ ...original, name: copyName });
  expect(command).toContain('\\\n  --name');
  // Through a real shell: the quoting is what is under test.
  const { stdout } = await exec('sh', ['-c', command]);
  const copyId = stdout.trim();
  expect(await docker('inspect', '--format', '{{.State.Running}}', copyId)).toBe('true');
  expect(await readBack(copyId)).toEqual({ ...original, name: copyName });
});

it('copies a container made by the CLI, with image defaults left out', async () => {
  const name = uniqueName('cli-made');
  await docker('run', '-d', '--name', name, '--label', TEST_LABEL_ARG, '-e', 'MINE=yes', '-v', '/anon', '--tmpfs', '/t:ro', '-p', '127.0.0.1::9000', TEST_IMAGE, 'sleep', '300');
  const spec = await readBack(name);
  expect(spec.env).toEqual(['MINE=yes']); // not the image's PATH
  expect(spec.command).toEqual(['sleep', '300']);
  expect(spec.entrypoint).toBeNull();
  expect(spec.hostname).toBe('');
  expect(spec.mounts).toEqual([
    { type: 'tmpfs', target: '/t', readOnly: true },
    { type: 'volume', source: expect.stringMatching(/^[0-9a-f]{64}$/), target: '/anon', readOnly: false },
  ]);
  const copyName = uniqueName('cli-made-copy');
  const { stdout } = await exec('sh', ['-c', dockerRunCommand({ ...spec, name: copyName })]);
  const copy = await readBack(stdout.trim());
  expect(copy).toEqual({ ...spec, name: copyName });
});

it('writes a Compose service that docker-compose reads back with the same values', async () => {
  const spec = richSpec(uniqueName('compose'), 'some-volume');
  const file = join(dir, 'compose.yml');
  writeFileSync(file, composeSnippet(spec));
  const { stdout } = await exec('docker-compose', ['-f', file, 'config']);
  expect(stdout).toContain('SPACES: hello world');
  expect(stdout).toContain('DOLLAR: $$HOME and `backticks` and \\');
  expect(stdout).toContain(`container_name: ${spec.name}`);
  expect(stdout).toContain('target: /host dir');
  expect(stdout).toMatch(/restart: on-failure:2/);
  expect(stdout).toMatch(/127\.0\.0\.1::80\/tcp|host_ip: 127\.0\.0\.1/);
  expect(stdout).toMatch(/devices:\n\s+- \/dev\/zero:\/dev\/berth-zero\n\s+- \/dev\/null:\/dev\/null:r\n/);
  expect(stdout).toContain('ipc: host');
  expect(stdout).toContain('userns_mode: host');
  expect(stdout).toContain('- label=disable');
});

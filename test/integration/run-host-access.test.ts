/**
 * The host-access gate through the contract, against the real engine: every
 * grant (DESIGN.md, Security) is refused by `run.create` and `run.recreate`
 * without the confirmation flag, with an error that names it, and nothing is
 * made; `run.hostAccess` gives the dialog the same list. Some are then run
 * with the flag, and the engine really applied them. The grants that only the
 * engine knows of (a joined container's host access, a volume that binds a
 * host folder) are set up with the docker CLI, as anything else would.
 */
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { RequestArgs, RequestResult } from '#shared/contract';
import type { RunSpec } from '#shared/run';
import { TEST_LABEL_ARG, callHandler, createContainer, docker, sweep, testRunSpec, uniqueName, waitConnected } from './helpers';

let berth: EngineService;
let dir: string;

const call = <N extends 'run.create' | 'run.hostAccess' | 'run.spec' | 'run.recreate'>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

const spec = testRunSpec;

async function exists(ref: string): Promise<boolean> {
  return docker('inspect', ref).then(
    () => true,
    () => false,
  );
}

/** The error `run.create` refuses the spec with (null if it ran), after checking it made nothing. */
async function refusal(wanted: RunSpec): Promise<string | null> {
  const message = await call('run.create', { spec: wanted }).then(
    () => null,
    (e: Error) => e.message,
  );
  expect(await exists(wanted.name)).toBe(false);
  return message;
}

/** A running container made by the CLI with `options`. */
async function running(prefix: string, options: string[]): Promise<string> {
  const name = uniqueName(prefix);
  await createContainer(name, options);
  await docker('start', name);
  return name;
}

const inspect = (ref: string, format: string): Promise<string> => docker('inspect', '--format', format, ref);

beforeAll(async () => {
  await sweep();
  dir = mkdtempSync(join(tmpdir(), 'berth-host-access-'));
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  rmSync(dir, { recursive: true, force: true });
});

const ZERO = { hostPath: '/dev/zero', containerPath: '/dev/berth-zero', permissions: 'rwm' };

// Each grant the spec itself expresses, and the words the refusal must name it with.
const grants: Array<[string, Partial<RunSpec>, RegExp]> = [
  ['an added SYS_PTRACE (spelled cap_sys_ptrace)', { capAdd: ['cap_sys_ptrace'] }, /the capability SYS_PTRACE, beyond Docker’s default set/],
  ['an added NET_ADMIN', { capAdd: ['NET_ADMIN'] }, /the capability NET_ADMIN/],
  ['an added SYS_MODULE', { capAdd: ['SYS_MODULE'] }, /the capability SYS_MODULE/],
  ['seccomp unconfined', { seccomp: 'unconfined' }, /no seccomp filter \(seccomp=unconfined\)/],
  // This engine has no AppArmor (docker info lists only seccomp), so it would ignore the option; Berth refuses it all the same.
  ['AppArmor unconfined', { apparmor: 'unconfined' }, /no AppArmor confinement \(apparmor=unconfined\)/],
  ['SELinux label=disable', { selinux: 'disabled' }, /no SELinux confinement \(label=disable\)/],
  ['a host device', { devices: [ZERO] }, /the host device \/dev\/zero \(as \/dev\/berth-zero\)/],
  ['the host’s IPC namespace', { ipc: 'host' }, /the host’s IPC namespace/],
  ['the host’s UTS namespace', { uts: 'host' }, /the host’s UTS namespace/],
  ['the host’s user namespace', { userns: 'host' }, /the host’s user namespace \(userns=host\)/],
  ['the host’s cgroup namespace', { cgroupns: 'host' }, /the host’s cgroup namespace \(cgroupns=host\)/],
];

describe('grants the spec names', () => {
  it.each(grants)('refuses %s without the flag, naming it', async (_what, patch, words) => {
    const wanted = spec(uniqueName('grant'), patch);
    const message = await refusal(wanted);
    expect(message).toMatch(/only after you confirm/);
    expect(message).toMatch(words);
    const { reasons } = await call('run.hostAccess', { spec: wanted });
    expect(reasons).toEqual([expect.stringMatching(words)]);
  });

  it('runs them with the flag, and the engine applied each', async () => {
    const patch: Partial<RunSpec> = {
      capAdd: ['SYS_PTRACE', 'NET_ADMIN'],
      seccomp: 'unconfined',
      apparmor: 'unconfined',
      selinux: 'disabled',
      devices: [ZERO],
      ipc: 'host',
      uts: 'host',
      userns: 'host',
    };
    const wanted = spec(uniqueName('granted'), patch);
    expect((await call('run.hostAccess', { spec: wanted })).reasons).toHaveLength(9);
    const { id } = await call('run.create', { spec: wanted, confirmHostAccess: true });
    expect(await inspect(id, '{{json .HostConfig.CapAdd}} {{json .HostConfig.SecurityOpt}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}} {{.HostConfig.UsernsMode}}')).toBe(
      '["SYS_PTRACE","NET_ADMIN"] ["seccomp=unconfined","apparmor=unconfined","label=disable"] host host host',
    );
    // CapEff with SYS_PTRACE (bit 19) and NET_ADMIN (bit 12); no seccomp filter; the device node; the host's IPC namespace and name.
    const status = await docker('exec', id, 'sh', '-c', 'grep -E "^(CapEff|Seccomp):" /proc/self/status; test -c /dev/berth-zero && echo device; readlink /proc/self/ns/ipc; hostname');
    const [capLine = '', seccompLine = '', device, ipcNs, name] = status.split('\n');
    const caps = BigInt(`0x${capLine.split(/\s+/)[1] ?? '0'}`);
    expect(caps & (1n << 19n)).not.toBe(0n);
    expect(caps & (1n << 12n)).not.toBe(0n);
    expect(seccompLine).toMatch(/^Seccomp:\s+0$/);
    expect(device).toBe('device');
    expect(ipcNs).toBe(readlinkSync('/proc/self/ns/ipc'));
    expect(name).toBe(hostname());
    // Read back for Edit and recreate, every grant is still there, and counted again.
    const read = await call('run.spec', { id });
    expect(read).toEqual(wanted);
    expect((await call('run.hostAccess', { spec: read })).reasons).toHaveLength(9);
  });

  it('runs a host cgroup namespace with the flag', async () => {
    const { id } = await call('run.create', { spec: spec(uniqueName('cgroupns'), { cgroupns: 'host' }), confirmHostAccess: true });
    expect(await inspect(id, '{{.HostConfig.CgroupnsMode}}')).toBe('host');
  });

  it('refuses a recreate that adds a grant, and leaves the old container as it was', async () => {
    const name = uniqueName('recreate');
    const { id } = await call('run.create', { spec: spec(name) });
    for (const [, patch, words] of grants) {
      const message = await call('run.recreate', { id, spec: spec(name, patch) }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(message).toMatch(words);
    }
    expect(await inspect(id, '{{.Name}} {{.State.Running}}')).toBe(`/${name} true`);
    expect(await docker('ps', '-aq', '--no-trunc', '--filter', `name=${name}`)).toBe(id);
  });
});

describe('grants only the engine knows of', () => {
  it('refuses joining the network of a container on the host’s network, naming it', async () => {
    const x = await running('hostnet', ['--network', 'host']);
    const wanted = spec(uniqueName('join-net'), { network: `container:${x}` });
    const message = await refusal(wanted);
    expect(message).toContain(`joins the network of container ${x}, which has the host’s network`);
    expect((await call('run.hostAccess', { spec: wanted })).reasons).toEqual([expect.stringContaining(`container ${x}`)]);
  });

  it('refuses joining the PID namespace of a container with the host’s processes', async () => {
    const x = await running('hostpid', ['--pid', 'host']);
    const message = await refusal(spec(uniqueName('join-pid'), { pid: `container:${x}` }));
    expect(message).toContain(`joins the PID namespace of container ${x}, which has the host’s processes (PID namespace)`);
  });

  it('refuses joining the IPC namespace of a container with the host’s, and follows a chain of joins', async () => {
    const x = await running('hostipc', ['--ipc', 'host', '--cap-add', 'SYS_PTRACE']);
    const message = await refusal(spec(uniqueName('join-ipc'), { ipc: `container:${x}` }));
    expect(message).toContain(`joins the IPC namespace of container ${x}, which has the host’s IPC namespace`);
    expect(message).toContain('the capability SYS_PTRACE');
    // z joins x's network (made by the CLI, which asks nobody): joining z hands over x's.
    const hostNet = await running('hostnet2', ['--network', 'host']);
    const z = await running('chain', ['--network', `container:${hostNet}`]);
    const chained = await refusal(spec(uniqueName('join-chain'), { network: `container:${z}` }));
    expect(chained).toContain(`joins the network of container ${z}, which has joins the network of container ${hostNet}, which has the host’s network`);
  });

  it('runs a container that joins a harmless one without asking', async () => {
    const y = await running('harmless', []);
    const wanted = spec(uniqueName('join-ok'), { network: `container:${y}`, pid: `container:${y}` });
    expect((await call('run.hostAccess', { spec: wanted })).reasons).toEqual([]);
    const { id } = await call('run.create', { spec: wanted });
    // The engine records the joins by y's id.
    const yId = await inspect(y, '{{.Id}}');
    expect(await inspect(id, '{{.State.Running}} {{.HostConfig.NetworkMode}} {{.HostConfig.PidMode}}')).toBe(`true container:${yId} container:${yId}`);
    // Read back for a recreate, those joins are still harmless.
    expect((await call('run.hostAccess', { spec: await call('run.spec', { id }) })).reasons).toEqual([]);
  });

  it('refuses a named volume that is a bind of a host folder, and runs it with the flag', async () => {
    const volume = uniqueName('bindvol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, '--driver', 'local', '--opt', 'type=none', '--opt', 'o=bind', '--opt', `device=${dir}`, volume);
    const wanted = spec(uniqueName('bindvol-run'), { mounts: [{ type: 'volume', source: volume, target: '/data', readOnly: true }] });
    const message = await refusal(wanted);
    expect(message).toContain(`volume ${volume} is a bind of the host folder ${dir} (read-only)`);
    writeFileSync(join(dir, 'from-the-host'), 'host file');
    const { id } = await call('run.create', { spec: wanted, confirmHostAccess: true });
    expect(await docker('exec', id, 'cat', '/data/from-the-host')).toBe('host file');
  });

  it('runs a plain named volume, and one not made yet, without asking', async () => {
    const volume = uniqueName('plainvol');
    const fresh = uniqueName('newvol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
    const wanted = spec(uniqueName('plainvol-run'), {
      mounts: [
        { type: 'volume', source: volume, target: '/data', readOnly: false },
        { type: 'volume', source: fresh, target: '/new', readOnly: false },
      ],
    });
    expect((await call('run.hostAccess', { spec: wanted })).reasons).toEqual([]);
    const { id } = await call('run.create', { spec: wanted });
    expect(await inspect(id, '{{.State.Running}}')).toBe('true');
    // The volume the engine made for it carries no test label: remove it with the container.
    await docker('rm', '-f', '-v', id);
    await docker('volume', 'rm', fresh);
  });
});

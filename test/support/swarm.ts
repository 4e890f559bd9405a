/**
 * A swarm of dockerds on this one machine, for the tests that need one
 * (overlay networks now; services, nodes and tasks next), as DESIGN.md
 * describes it: a hub network namespace holding one bridge, and per node a
 * network namespace of its own joined to that bridge by a veth pair, a
 * dockerd inside it with its own socket, data root and exec root (and so its
 * own containerd), the test image loaded, `swarm init` on the first node and
 * the others joined. The shape is engine B's (scripts/test-engines.sh):
 * nsenter into the network namespace only, so the cgroup mounts stay seen,
 * and each node's bridge and iptables are its namespace's, never the host's.
 *
 * A swarm is started by a test file's beforeAll and stopped by its afterAll,
 * by pid; one left behind by a run that died (no afterAll) is stopped by the
 * next start, from the pid files, before anything new is made.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { promisify } from 'node:util';
import { TEST_IMAGE } from './docker';
import { ENGINES_ROOT, engineCli, type EngineCli } from './engines';

const run = promisify(execFile);

/**
 * Everything a swarm makes is named by the pid of the test process that owns
 * it (its folder, namespaces, roots): two runs sharing this machine each
 * have their own, and a start stops only swarms whose owner has died.
 */
const ROOT = `${ENGINES_ROOT}/swarm`;
const ownerDir = (owner: number) => `${ROOT}/${owner}`;
const hubOf = (owner: number) => `berth-swarm-${owner}-hub`;
const BRIDGE = 'br0';
/** The underlay: the nodes' own addresses on the hub's bridge (a namespace of their own, so no clash with the host's routes). */
const UNDERLAY_PREFIX = '192.168.251';
const DATA_ROOT = (owner: number, index: number) => `/var/lib/berth-test-swarm/${owner}-${index}`;
const netnsOf = (owner: number, index: number) => `berth-swarm-${owner}-${index}`;
const dirOf = (owner: number, index: number) => `${ownerDir(owner)}/${index}`;

export interface SwarmNode {
  /** 1-based; node 1 is the one that ran `swarm init`. */
  index: number;
  /** unix:// address of its dockerd, reachable from the host (the socket is not namespaced). */
  socket: string;
  /** Its address on the hub's bridge, which the swarm advertises. */
  address: string;
  manager: boolean;
  /** Its swarm node id. */
  nodeId: string;
  pid: number;
  /** Its interface on the hub's bridge (a veth): the parent a macvlan network of this node sits on. */
  interface: string;
  /** The docker CLI pointed at this node. */
  cli: EngineCli;
}

/** The nodes' own network, on the hub's bridge: node N is .1N; .1 to .9 and .20 up are free. */
export const UNDERLAY_SUBNET = `${UNDERLAY_PREFIX}.0/24`;

export interface Swarm {
  nodes: SwarmNode[];
  /** Node 1: the leader. */
  manager: SwarmNode;
  /** Milliseconds from the start call until every node was Ready in the manager's node list. */
  startedInMs: number;
  /** Stops every node by its pid and removes the namespaces and roots. */
  stop(): Promise<void>;
}

export interface SwarmOptions {
  /** How many nodes, 1 to 5 (default 3). */
  nodes?: number;
  /** How many of them are managers (default 1: node 1 leads, the rest are workers). */
  managers?: number;
  /** Deadline for the whole start (default 90 s). */
  timeoutMs?: number;
}

/** Why a swarm cannot be started here (the tests skip with this reason), or undefined. */
export function swarmMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'a swarm of namespaced dockerds needs root';
  for (const command of ['ip', 'nsenter', 'dockerd', 'docker']) {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    } catch {
      return `${command} is missing (Debian: apt-get install -y docker.io iproute2 util-linux)`;
    }
  }
  // Overlay networks are VXLAN: without it a swarm starts but no overlay network works.
  const vxlan = kernelLinkProblem(['vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'dev', 'lo']);
  if (vxlan !== undefined) return `the kernel cannot make a VXLAN interface, which overlay networks need: ${vxlan}`;
  return undefined;
}

/**
 * Whether the kernel makes a link of a kind (`ip link add ARGS…` in a scratch
 * network namespace, removed again): undefined if it does, else the kernel's
 * words as `ip` printed them ("Error: Unknown device type.").
 */
export function kernelLinkProblem(args: string[]): string | undefined {
  const scratch = `berth-link-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', scratch], { stdio: 'pipe' });
    // A parent for the kinds that sit on one (macvlan, ipvlan): a veth, which every kernel with namespaces has.
    execFileSync('ip', ['-n', scratch, 'link', 'add', 'parent0', 'type', 'veth', 'peer', 'name', 'peer0'], { stdio: 'pipe' });
    execFileSync('ip', ['-n', scratch, 'link', 'add', ...args], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
  } finally {
    execFileSync('ip', ['netns', 'del', scratch], { stdio: 'ignore' });
  }
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

function alive(pid: number): boolean {
  try {
    // A zombie has exited: only its parent's wait is missing.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(what: string, probe: () => boolean | Promise<boolean>, deadline: number): Promise<void> {
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`swarm: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends a dockerd by its pid: SIGTERM, then SIGKILL if it has not gone within its own shutdown time. */
async function endProcess(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await until(`dockerd ${pid} to exit`, () => !alive(pid), Date.now() + 25_000);
  } catch {
    process.kill(pid, 'SIGKILL');
    await until(`dockerd ${pid} to die`, () => !alive(pid), Date.now() + 5_000);
  }
}

function pidOf(owner: number, index: number): number | undefined {
  try {
    const pid = Number(readFileSync(`${dirOf(owner, index)}/docker.pid`, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Mounts a killed dockerd left under a root (overlay2 layers, netns files): unmounted before the root is removed. */
function unmountUnder(root: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point === root || point.startsWith(`${root}/`))
    // Deepest first.
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) execFileSync('umount', ['-l', point], { stdio: 'ignore' });
}

async function netnsList(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout.split('\n').map((line) => line.split(' ')[0] ?? '');
}

/** Stops every node of one owner's swarm (by the pid files) and removes what it made. */
async function stopSwarmOf(owner: number): Promise<void> {
  const dir = ownerDir(owner);
  const indexes = existsSync(dir) ? readdirSync(dir).filter((name) => /^\d+$/.test(name)).map(Number) : [];
  await Promise.all(
    indexes.map(async (index) => {
      const pid = pidOf(owner, index);
      if (pid !== undefined) await endProcess(pid);
    }),
  );
  const namespaces = await netnsList();
  for (const index of indexes) {
    if (namespaces.includes(netnsOf(owner, index))) await ip('netns', 'del', netnsOf(owner, index));
    unmountUnder(DATA_ROOT(owner, index));
    rmSync(DATA_ROOT(owner, index), { recursive: true, force: true });
  }
  if (namespaces.includes(hubOf(owner))) await ip('netns', 'del', hubOf(owner));
  unmountUnder(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Stops the swarms whose test process is gone (it died before its afterAll): never another live run's. */
export async function stopOrphanedSwarms(): Promise<void> {
  const owners = existsSync(ROOT) ? readdirSync(ROOT).filter((name) => /^\d+$/.test(name)).map(Number) : [];
  for (const owner of owners) if (owner === process.pid || !alive(owner)) await stopSwarmOf(owner);
}

async function answers(cli: EngineCli): Promise<boolean> {
  try {
    await cli('version', '--format', '{{.Server.Version}}');
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a swarm and resolves once every node is Ready in the manager's list
 * and holds the test image. Whatever fails on the way, what was made is
 * stopped again before the error is thrown.
 */
export async function startSwarm(options: SwarmOptions = {}): Promise<Swarm> {
  const count = options.nodes ?? 3;
  const managers = options.managers ?? 1;
  if (count < 1 || count > 5 || managers < 1 || managers > count) throw new Error(`swarm: ${count} nodes with ${managers} managers is not a swarm this helper makes`);
  const missing = swarmMissing();
  if (missing !== undefined) throw new Error(`swarm: ${missing}`);
  const begun = Date.now();
  const deadline = begun + (options.timeoutMs ?? 90_000);
  // One swarm per test process at a time: a second start replaces the first.
  await stopOrphanedSwarms();
  const owner = process.pid;
  const hub = hubOf(owner);
  mkdirSync(ownerDir(owner), { recursive: true });

  const pids: number[] = [];
  // If the test process ends without its afterAll, its dockerds go with it; the next start sweeps the namespaces.
  const onExit = () => pids.forEach((pid) => alive(pid) && process.kill(pid, 'SIGTERM'));
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    // The pids known here first: a dockerd that failed early may not have written its pid file.
    await Promise.all(pids.map(endProcess));
    await stopSwarmOf(owner);
  };

  try {
    await ip('netns', 'add', hub);
    await ip('-n', hub, 'link', 'add', BRIDGE, 'type', 'bridge');
    await ip('-n', hub, 'link', 'set', BRIDGE, 'up');
    const indexes = Array.from({ length: count }, (_, i) => i + 1);
    const addressOf = (index: number) => `${UNDERLAY_PREFIX}.${10 + index}`;

    const started = await Promise.all(
      indexes.map(async (index) => {
        const netns = netnsOf(owner, index);
        const dir = dirOf(owner, index);
        mkdirSync(dir, { recursive: true });
        await ip('netns', 'add', netns);
        await ip('-n', netns, 'link', 'set', 'lo', 'up');
        await ip('-n', hub, 'link', 'add', `node${index}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
        await ip('-n', hub, 'link', 'set', `node${index}`, 'master', BRIDGE, 'up');
        await ip('-n', netns, 'addr', 'add', `${addressOf(index)}/24`, 'dev', 'eth0');
        await ip('-n', netns, 'link', 'set', 'eth0', 'up');
        const socket = `unix://${dir}/docker.sock`;
        const log = openSync(`/tmp/berth-swarm-${owner}-${index}.log`, 'w');
        // A UTS namespace of its own, so that each node has its own hostname (the node list's HOSTNAME).
        // nsenter, unshare and sh each exec the next (only a pid namespace would make one fork): the child's pid is dockerd's.
        const child = spawn(
          'nsenter',
          [`--net=/run/netns/${netns}`, 'unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', `berth-swarm-${index}`,
            'dockerd', '--host', socket, '--data-root', DATA_ROOT(owner, index), '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`],
          { cwd: '/', detached: true, stdio: ['ignore', log, log] },
        );
        closeSync(log);
        child.unref();
        if (child.pid === undefined) throw new Error(`swarm: could not start dockerd for node ${index}`);
        pids.push(child.pid);
        const cli = engineCli('docker', ['-H', socket]);
        await until(`node ${index}'s dockerd to answer (see /tmp/berth-swarm-${owner}-${index}.log)`, () => answers(cli), deadline);
        return { index, socket, address: addressOf(index), interface: 'eth0', pid: child.pid, cli };
      }),
    );

    // The test image, saved once from the main engine and loaded into every node.
    const image = `${ownerDir(owner)}/image.tar`;
    await run('docker', ['save', '-o', image, TEST_IMAGE]);
    await Promise.all(started.map((node) => node.cli('load', '-i', image)));
    rmSync(image);

    const [leader, ...others] = started;
    if (leader === undefined) throw new Error('swarm: no node');
    await leader.cli('swarm', 'init', '--advertise-addr', leader.address, '--listen-addr', `${leader.address}:2377`);
    const tokens = {
      manager: await leader.cli('swarm', 'join-token', '-q', 'manager'),
      worker: await leader.cli('swarm', 'join-token', '-q', 'worker'),
    };
    // One after another: a join changes the raft membership the next one asks.
    for (const node of others) {
      const token = node.index <= managers ? tokens.manager : tokens.worker;
      await node.cli('swarm', 'join', '--token', token, '--advertise-addr', node.address, '--listen-addr', `${node.address}:2377`, `${leader.address}:2377`);
    }
    await until(
      `all ${count} nodes Ready in the manager's node list`,
      async () => {
        const states = (await leader.cli('node', 'ls', '--format', '{{.Status}}')).split('\n').filter(Boolean);
        return states.length === count && states.every((s) => s === 'Ready');
      },
      deadline,
    );
    const nodes: SwarmNode[] = await Promise.all(
      started.map(async (node) => ({ ...node, manager: node.index <= managers, nodeId: await node.cli('info', '--format', '{{.Swarm.NodeID}}') })),
    );
    return { nodes, manager: nodes[0]!, startedInMs: Date.now() - begun, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

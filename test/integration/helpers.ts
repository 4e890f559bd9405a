/**
 * For the integration tests: the docker CLI helpers, and waiting on Berth's state.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import type { Engine } from '../../electron/engine/engine';
import type { EngineHandlers } from '#shared/handlers';
import { requests, type RequestArgs, type RequestName, type RequestResult } from '#shared/contract';
import { emptyRunSpec, type RunSpec } from '#shared/run';
import { IDLE, TEST_IMAGE, TEST_LABEL, TEST_RUN } from '../support/docker';
import type { ResourceKind, ResourceOf } from '#shared/model';

export * from '../support/docker';

type Falsy = undefined | null | false;

/**
 * Resolves with the probe's value once it is neither undefined, null nor
 * false; rejects after `timeoutMs` with what was last seen. An async probe
 * is awaited (a pending promise is not an answer).
 */
export async function waitFor<T>(what: string, probe: () => T | Falsy | Promise<T | Falsy>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function item<K extends ResourceKind>(engine: Engine, kind: K, id: string): ResourceOf[K] | undefined {
  return engine.store.get(kind, id);
}

export function waitConnected(engine: Engine, timeoutMs = 15_000): Promise<true> {
  return waitFor('the engine to connect', () => engine.status.state === 'connected', timeoutMs);
}

/** The inode of every socket whose other end dockerd holds, from `ss` (for any process; intersect with a process's own). */
export function dockerdPeers(): Set<string> {
  const table = execFileSync('ss', ['-xpn'], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const peers = new Set<string>();
  for (const line of table.split('\n')) {
    if (!line.includes('"dockerd"')) continue;
    // Netid State Recv-Q Send-Q Local Port Peer Port Process
    const peer = line.trim().split(/\s+/)[7];
    if (peer !== undefined) peers.add(peer);
  }
  return peers;
}

/** The inodes of this process's sockets that are connected to dockerd: its engine connections, as the engine sees them. */
export function engineConnections(): Set<string> {
  const peers = dockerdPeers();
  const mine = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode && peers.has(inode)) mine.add(inode);
    } catch {
      // closed while we looked
    }
  }
  return mine;
}

/** A request through main's own handler, its arguments parsed by the contract as the dispatcher would. */
export async function callHandler<N extends RequestName>(service: EngineHandlers, name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
  const handler = service.requests[name] as (a: unknown) => Promise<RequestResult<N>>;
  return handler(requests[name].args.parse(args));
}

/** A RunSpec of the test image, idle and labelled for the sweep, with `patch` on top. */
export function testRunSpec(name: string, patch: Partial<RunSpec> = {}): RunSpec {
  return { ...emptyRunSpec(TEST_IMAGE), name, command: [...IDLE], labels: { [TEST_LABEL]: TEST_RUN }, ...patch };
}

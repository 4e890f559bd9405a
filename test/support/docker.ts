/**
 * The docker CLI as the "anything else" that changes the engine behind
 * Berth's back, used by integration and end-to-end tests alike; a label on
 * everything a test creates, and a sweep that removes it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_IMAGE = 'berth-test/busybox:latest';
export const TEST_LABEL = 'berth.test';
/**
 * The label's value: one per test run, so that runs sharing an engine (two
 * checkouts at work at once) never sweep each other's containers. The test
 * runners' configs set BERTH_TEST_RUN once per run, before their workers
 * start, so every worker of a run agrees; a file run some other way gets one
 * of its own.
 */
export const TEST_RUN = (process.env.BERTH_TEST_RUN ??= randomUUID().slice(0, 8));
/** `--label` argument for everything a test creates. */
export const TEST_LABEL_ARG = `${TEST_LABEL}=${TEST_RUN}`;
/** A long-running command that stops at once on SIGTERM. */
export const IDLE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.1; done'];

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 << 20 });
  return stdout.trim();
}

export function uniqueName(prefix: string): string {
  return `berth-test-${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The repository prefix of this run's throwaway tags: the sweep removes these, and no other run's. */
const TEMP_REPOSITORY = `berth-test/tmp-${TEST_RUN}-`;

/** A throwaway tag, `berth-test/tmp-<run>-<what>-<random>:<tag>`, that this run's sweep removes (a tag shares its id with the image it names, so the sweep goes by tag). */
export function tempTag(what: string, tag = '1'): string {
  return `${TEMP_REPOSITORY}${uniqueName(what).slice('berth-test-'.length)}:${tag}`;
}

/** `docker create` with the test label; returns the full id. */
export async function createContainer(name: string, options: string[] = [], command: string[] = IDLE): Promise<string> {
  return docker('create', '--label', TEST_LABEL_ARG, '--name', name, ...options, TEST_IMAGE, ...command);
}

/** Removes everything labelled by the tests (containers, volumes, networks, images). */
export async function sweep(): Promise<void> {
  const filter = `label=${TEST_LABEL_ARG}`;
  const containers = (await docker('ps', '-aq', '--filter', filter)).split('\n').filter(Boolean);
  if (containers.length) await docker('rm', '-f', '-v', ...containers);
  const volumes = (await docker('volume', 'ls', '-q', '--filter', filter)).split('\n').filter(Boolean);
  if (volumes.length) await docker('volume', 'rm', '-f', ...volumes);
  const networks = (await docker('network', 'ls', '-q', '--filter', filter)).split('\n').filter(Boolean);
  if (networks.length) await docker('network', 'rm', ...networks);
  // By tag, never by id: the temporary tags share their id with the test image itself. Only this run's: another run's may be in use.
  const tags = (await docker('images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${TEMP_REPOSITORY}*`)).split('\n').filter(Boolean);
  if (tags.length) await docker('rmi', ...tags).catch(() => undefined);
}

/** One engine event, as `docker events --format '{{json .}}'` prints it. */
export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  timeNano: number;
}

/**
 * The engine's own record of what happened to a container since `since`
 * (a Date taken before the action): the events the engine sent, stamped by
 * its clock. Tests that ask "did it wait?" read these rather than timing
 * themselves on a busy machine.
 */
export async function containerEvents(id: string, since: Date): Promise<EngineEvent[]> {
  const sinceArg = (since.getTime() / 1000 - 1).toFixed(3);
  const untilArg = (Date.now() / 1000 + 1).toFixed(3);
  const out = await docker('events', '--since', sinceArg, '--until', untilArg, '--filter', `container=${id}`, '--format', '{{json .}}');
  return out.split('\n').filter(Boolean).map((line) => JSON.parse(line) as EngineEvent);
}

/** Seconds, by the engine's clock, from its TERM to its KILL of a container during a stop (a stop whose grace period ran out). */
export function graceSeconds(events: EngineEvent[]): number | undefined {
  const kill = (signal: string) => events.find((e) => e.Action === 'kill' && e.Actor.Attributes.signal === signal);
  const term = kill('15');
  const hard = kill('9');
  return term && hard ? (hard.timeNano - term.timeNano) / 1e9 : undefined;
}

/**
 * Resolves once the engine's log of a container ends with `line`: the engine
 * has stamped it. Tests that need two containers' lines in an order write the
 * next only after this, so the order is the engine's, not the scheduler's.
 */
export async function logEndsWith(id: string, line: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while ((last = await docker('logs', '--tail', '1', id)) !== line) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for "${line}" in the log of ${id}; its last line: "${last}"`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

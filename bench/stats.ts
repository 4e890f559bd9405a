/**
 * The stats suite: what Berth's CPU and memory columns cost dockerd. With
 * 200 running containers, dockerd's CPU over the same window with Berth
 * closed and with the Containers table open (its CPU / memory cells live),
 * alternated so background load on a shared engine falls on both sides.
 * Then, for scale, the cost of one streamed container (the Stats tab), from
 * 20 `stats` streams open at once.
 */
import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { startServe, type RunningBerth } from '../test/support/serve';
import { now, openPage, type BenchContext } from './context';
import { openClient } from './node-client';
import { BENCH_LABEL } from './population';
import { cpuSecondsOf } from './proc';
import { summarise } from './report';

const RUNNING = 200;
const WINDOW_S = 30;
const STREAMS = 20;
/** This suite's own label value, so its cleanup never touches another suite's containers. */
const LABEL_VALUE = 'stats';
const IDLE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

function dockerdPid(): number {
  const pid = Number(execFileSync('pidof', ['dockerd'], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  if (!pid) throw new Error('dockerd is not running on this machine');
  return pid;
}

/** dockerd's CPU over `seconds`, in % of one core. */
async function dockerdCpu(pid: number, seconds: number): Promise<number> {
  const before = cpuSecondsOf(pid);
  const t0 = now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return ((cpuSecondsOf(pid) - before) / ((now() - t0) / 1000)) * 100;
}

async function inBatches(count: number, width: number, work: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => work(start + k)));
  }
}

async function cleanup(docker: Docker): Promise<void> {
  const filters = JSON.stringify({ label: [`${BENCH_LABEL}=${LABEL_VALUE}`] });
  const containers = await docker.listContainers({ all: true, filters });
  await inBatches(containers.length, 16, (i) => docker.getContainer(containers[i]!.Id).remove({ force: true }).catch(() => undefined));
}

export async function statsSuite(context: BenchContext): Promise<void> {
  const { docker, log } = context;
  await cleanup(docker);
  log(`stats: starting ${RUNNING} containers`);
  const ids: string[] = [];
  await inBatches(RUNNING, 16, async (i) => {
    const container = await docker.createContainer({
      name: `bench-stats-${String(i).padStart(4, '0')}`,
      Image: 'berth-test/busybox:latest',
      Cmd: IDLE,
      Labels: { [BENCH_LABEL]: LABEL_VALUE },
    });
    await container.start();
    ids.push(container.id);
  });
  const pid = dockerdPid();
  const closed: number[] = [];
  const open: number[] = [];
  let berth: RunningBerth | undefined;
  try {
    // Let the starts settle before the first window.
    await new Promise((r) => setTimeout(r, 5_000));
    for (let round = 0; round < context.repeat; round++) {
      log(`stats: round ${round + 1}/${context.repeat}: ${WINDOW_S} s with Berth closed`);
      closed.push(await dockerdCpu(pid, WINDOW_S));

      log(`stats: round ${round + 1}/${context.repeat}: ${WINDOW_S} s with the Containers table open`);
      berth = await startServe();
      const page = await openPage(context);
      await page.goto(berth.url);
      // Warm: the running rows on screen show CPU figures (two snapshots each) before the window opens.
      await page.waitForFunction(
        () => [...document.querySelectorAll('[role="cell"].cell-cpu')].some((cell) => /%$/.test(cell.textContent ?? '')),
        undefined,
        { timeout: 60_000 },
      );
      const shown = await page.evaluate(() => document.querySelectorAll('[role="cell"].cell-cpu').length);
      open.push(await dockerdCpu(pid, WINDOW_S));
      const client = await openClient(berth);
      const metrics = await client.call('stats.metrics', {});
      client.close();
      log(`stats: ${shown} rows rendered, ${metrics.snapshots} one-shot snapshots, ${metrics.streamsOpened} streams`);
      await page.close();
      await berth.stop();
      berth = undefined;
    }
    const added = open.map((value, i) => value - (closed[i] ?? NaN));
    context.rows.push({
      figure: `dockerd CPU over ${WINDOW_S} s, ${RUNNING} running, Containers table open (% of one core)`,
      berth: summarise(open),
      raw: summarise(closed),
      rawLabel: 'Berth closed',
      target: 'reported',
    });
    context.rows.push({
      figure: `dockerd CPU added by the open table, per round (% of one core)`,
      berth: summarise(added),
      target: '≤ 2',
      ok: summarise(added).median <= 2,
    });

    log(`stats: per-stream cost, ${STREAMS} Stats-tab streams for ${WINDOW_S} s`);
    const quiet = await dockerdCpu(pid, WINDOW_S);
    berth = await startServe();
    const client = await openClient(berth);
    const closers = ids.slice(0, STREAMS).map((id) => client.listen('stats', { id }, { onData: () => undefined }));
    await new Promise((r) => setTimeout(r, 3_000));
    const streamed = await dockerdCpu(pid, WINDOW_S);
    const metrics = await client.call('stats.metrics', {});
    for (const close of closers) close();
    client.close();
    log(`stats: ${metrics.streamsOpen} engine streams open during the window`);
    context.rows.push({
      figure: `dockerd CPU per open Stats-tab stream (${STREAMS} at once; % of one core each)`,
      berth: summarise([(streamed - quiet) / STREAMS]),
      raw: summarise([quiet]),
      rawLabel: 'dockerd, no streams',
      target: 'reported (≈ 0.1 expected)',
    });
  } finally {
    await berth?.stop();
    log('stats: removing its containers');
    await cleanup(docker);
  }
}

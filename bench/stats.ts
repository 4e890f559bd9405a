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
const SLICE_S = 5;
const PAIRS = 6;
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
  let berth: RunningBerth | undefined;
  try {
    // Let the starts settle before the first window.
    await new Promise((r) => setTimeout(r, 5_000));
    berth = await startServe();
    const client = await openClient(berth);
    for (let i = 0; i < 100; i++) {
      if (await client.call('engine.info', {}).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = await openPage(context);
    await page.goto(berth.url);
    const closed: number[] = [];
    const open: number[] = [];
    // The engine is shared and its load drifts: short windows, alternated, add up to 30 s each side.
    log(`stats: ${PAIRS} × ${SLICE_S} s with the table open, alternated with Berth's page on another view`);
    for (let pair = 0; pair < PAIRS * context.repeat; pair++) {
      await page.evaluate(() => void (location.hash = '#/images'));
      await new Promise((r) => setTimeout(r, 1_000)); // the rows stream closes
      closed.push(await dockerdCpu(pid, SLICE_S));
      await page.evaluate(() => void (location.hash = '#/containers'));
      // Includes the first snapshots of the rows coming on screen: the window counts their cost too.
      open.push(await dockerdCpu(pid, SLICE_S));
    }
    const shown = await page.evaluate(() => document.querySelectorAll('[role="cell"].cell-cpu').length);
    const metrics = await client.call('stats.metrics', {});
    log(`stats: ${shown} rows rendered, ${metrics.snapshots} one-shot snapshots, ${metrics.streamsOpened} streams`);
    await page.close();
    const total = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const added = open.map((value, i) => value - (closed[i] ?? NaN));
    context.rows.push({
      figure: `dockerd CPU, ${RUNNING} running, Containers table open, ${PAIRS * SLICE_S} s in ${SLICE_S} s slices (% of one core)`,
      berth: summarise(open),
      raw: summarise(closed),
      rawLabel: 'same slices, table closed',
      target: 'reported',
    });
    context.rows.push({
      figure: `dockerd CPU added by the open table: mean over the slices (% of one core; per-slice spread min / max ${summarise(added).min.toFixed(1)} / ${summarise(added).max.toFixed(1)})`,
      berth: summarise([total(open) - total(closed)]),
      target: '≤ 2',
      ok: total(open) - total(closed) <= 2,
    });

    log(`stats: per-stream cost, ${STREAMS} Stats-tab streams, alternated`);
    const quiet: number[] = [];
    const streamed: number[] = [];
    let during = 0;
    for (let pair = 0; pair < PAIRS; pair++) {
      quiet.push(await dockerdCpu(pid, SLICE_S));
      const closers = ids.slice(0, STREAMS).map((id) => client.listen('stats', { id }, { onData: () => undefined }));
      await new Promise((r) => setTimeout(r, 500));
      streamed.push(await dockerdCpu(pid, SLICE_S));
      during = Math.max(during, (await client.call('stats.metrics', {})).streamsOpen);
      for (const close of closers) close();
      await new Promise((r) => setTimeout(r, 500));
    }
    log(`stats: ${during} engine streams open during the windows`);
    client.close();
    context.rows.push({
      figure: `dockerd CPU per open Stats-tab stream (${STREAMS} at once, ${PAIRS * SLICE_S} s; % of one core each)`,
      berth: summarise([(total(streamed) - total(quiet)) / STREAMS]),
      raw: summarise([total(quiet)]),
      rawLabel: 'dockerd, no streams',
      target: 'reported (≈ 0.1 expected)',
    });
  } finally {
    await berth?.stop();
    log('stats: removing its containers');
    await cleanup(docker);
  }
}

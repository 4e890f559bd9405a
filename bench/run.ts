/**
 * `npm run bench`: Berth against the raw engine, side by side in one run, on
 * the real engine and in Debian's Chromium. Prints a table; asserts nothing
 * (a benchmark is read, not passed). Everything it makes is labelled
 * `berth.bench` and removed at the end.
 *
 * Options: --containers N (1000) --images N (200) --volumes N (200)
 * --networks N (50) --events N (50) --storm N (100) --repeat N (3)
 * --idle SECONDS (30) --keep (leave the objects for a rerun)
 * --only SUITE[,SUITE] (containers; all suites when absent).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RawEvents } from './raw-events';
import { openClient, type NodeClient } from './node-client';
import { CPU_GROUPS, cpuGroupOf, cpuMsByGroup, cpuSecondsOf, hostTicks, processCpu, rssMbOf } from './proc';
import { traceMainThread } from './trace';
import { formatTable, summarise, type Row } from './report';
import { BENCH_LABEL, cleanup, populate, type Population } from './population';
import { startServe, type RunningBerth } from '../test/support/serve';
import { longestTask, now, openPage, watchLongTasks, type BenchContext } from './context';
import { armStateWatch, filterKeystrokes, oneEventToRow, setFilter, settle, stateWatched, tableHolds } from './page';
import { statsSuite } from './stats';
import { terminalSuite } from './terminal';
import { logsSuite } from './logs';
import { enginesSuite } from './engines';
import { REACT_FLOOR_FIGURE, timeFloor } from './floor';
import { imagesSuite } from './images';
import { volumesSuite } from './volumes';

const { values: opts } = parseArgs({
  options: {
    containers: { type: 'string', default: '1000' },
    images: { type: 'string', default: '200' },
    volumes: { type: 'string', default: '200' },
    networks: { type: 'string', default: '50' },
    events: { type: 'string', default: '50' },
    storm: { type: 'string', default: '100' },
    repeat: { type: 'string', default: '3' },
    idle: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
/** Each suite is a function of the shared context; `containers` is this file's own. */
const SUITES = {
  containers: containersSuite,
  stats: statsSuite,
  terminal: terminalSuite,
  logs: logsSuite,
  images: imagesSuite,
  volumes: volumesSuite,
  engines: (context: BenchContext) => enginesSuite(context, { containers: N.containers, storm: N.storm, events: N.events, keep: opts.keep }),
} satisfies Record<string, (context: BenchContext) => Promise<void>>;
type SuiteName = keyof typeof SUITES;
const only = opts.only?.split(',').map((name) => name.trim()).filter(Boolean) ?? Object.keys(SUITES);
for (const name of only) if (!Object.hasOwn(SUITES, name)) throw new Error(`unknown suite "${name}"; suites: ${Object.keys(SUITES).join(', ')}`);
const N = {
  containers: Number(opts.containers),
  images: Number(opts.images),
  volumes: Number(opts.volumes),
  networks: Number(opts.networks),
  events: Number(opts.events),
  storm: Number(opts.storm),
  repeat: Number(opts.repeat),
  idle: Number(opts.idle),
};

const SOCKET = '/var/run/docker.sock';
const docker = new Docker({ socketPath: SOCKET });
const rows: Row[] = [];
const log = (line: string) => console.error(`bench: ${line}`);

async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function coldStart(context: BenchContext, population: Population, raw: RawEvents): Promise<{ berth: RunningBerth; page: Page }> {
  const cpu = new Map<string, number[]>();
  const berthTimes: number[] = [];
  const readyTimes: number[] = [];
  const pageTimes: number[] = [];
  const scriptTimes: number[] = [];
  const rawTimes: number[] = [];
  const floorTimes: number[] = [];
  const reactFloorTimes: number[] = [];
  let kept: { berth: RunningBerth; page: Page } | undefined;
  for (let i = 0; i < N.repeat; i++) {
    const rawStart = now();
    const listed = (await docker.listContainers({ all: true })).length;
    rawTimes.push(now() - rawStart);
    // The floors: a bare Node server and page drawing the same rows, by plain DOM calls and by React (bench/floor-server.mjs).
    floorTimes.push(await timeFloor(context, [SOCKET], listed));
    reactFloorTimes.push(await timeFloor(context, [SOCKET], listed, { react: true }));

    const page = await openPage(context);
    const cpuBefore = processCpu();
    const t0 = now();
    const berth = await startServe();
    const ready = now();
    await page.goto(berth.url);
    const shown = await tableHolds(page, listed, raw);
    for (const [group, ms] of cpuMsByGroup(cpuBefore, processCpu(), cpuGroupOf(berth.child.pid))) {
      cpu.set(group, [...(cpu.get(group) ?? []), ms]);
    }
    // When the page's script had been fetched, compiled and run: Chromium's part, before any engine data.
    const scriptRun = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return performance.timeOrigin + (navigation?.domContentLoadedEventEnd ?? NaN);
    });
    berthTimes.push(shown - t0);
    readyTimes.push(ready - t0);
    pageTimes.push(shown - ready);
    scriptTimes.push(scriptRun - ready);
    if (i === N.repeat - 1) kept = { berth, page };
    else {
      await page.close();
      await berth.stop();
    }
  }
  rows.push({
    figure: `cold start: launch → table holds all ${population.totalContainers} rows (ms)`,
    berth: summarise(berthTimes),
    raw: summarise(rawTimes),
    rawLabel: 'GET /containers/json?all=1',
    target: `< 1.5 × raw + 300 ms`,
    ok: summarise(berthTimes).median < 1.5 * summarise(rawTimes).median + 300,
  });
  rows.push({
    figure: '… the floor: a bare Node server and page drawing the same rows (no framework, no validation; bench/floor-server.mjs) (ms)',
    berth: summarise(floorTimes),
    target: 'reported: what this machine costs any browser UI',
  });
  rows.push({ figure: REACT_FLOOR_FIGURE, berth: summarise(reactFloorTimes), target: 'reported: what this machine costs a React page' });
  rows.push({ figure: '… of which: launch → "Berth is ready" printed (ms)', berth: summarise(readyTimes), target: 'reported' });
  rows.push({ figure: '… of which: page opened → table holds all rows (ms)', berth: summarise(pageTimes), target: 'reported' });
  rows.push({
    figure: '… within that: page opened → its script fetched, compiled and run (DOMContentLoaded; ms)',
    berth: summarise(scriptTimes),
    target: 'reported',
  });
  // Where the machine's CPU went meanwhile: with two cores busy, the cold start can go no faster than half the sum.
  const cores = availableParallelism();
  for (const group of CPU_GROUPS) {
    rows.push({ figure: `… CPU time it took (ms, all ${cores} cores): ${group}`, berth: summarise(cpu.get(group) ?? [0]), target: 'reported' });
  }
  if (!kept) throw new Error('no run');
  return kept;
}

async function memory(page: Page, berth: RunningBerth): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
  const rss = rssMbOf(berth.child.pid ?? 0);
  rows.push({ figure: 'renderer JS heap at N containers (MB)', berth: summarise([heap]), target: '< 150 MB', ok: heap < 150 });
  rows.push({ figure: 'main-process RSS at N containers (MB)', berth: summarise([rss]), target: 'reported' });
}

async function idleCpu(berth: RunningBerth): Promise<void> {
  const pid = berth.child.pid ?? 0;
  const before = cpuSecondsOf(pid);
  const t0 = now();
  await new Promise((r) => setTimeout(r, N.idle * 1000));
  const percent = ((cpuSecondsOf(pid) - before) / ((now() - t0) / 1000)) * 100;
  rows.push({ figure: `main-process CPU over ${N.idle} s idle (% of one core)`, berth: summarise([percent]), target: '≈ 0 (no polling)', ok: percent < 1 });
}

/** Scrolls the whole table in the page at one screen per frame and measures the frames. */
async function scrolling(page: Page): Promise<void> {
  await setFilter(page, '');
  const frames = await page.evaluate(async () => {
    const body = document.querySelector<HTMLElement>('[role="table"][aria-label="Containers"] .table-body');
    if (!body) throw new Error('no table body');
    const intervals: number[] = [];
    let last = performance.now();
    body.scrollTop = 0;
    while (body.scrollTop + body.clientHeight < body.scrollHeight - 1) {
      body.scrollTop += body.clientHeight / 2;
      await new Promise((r) => requestAnimationFrame(r));
      const t = performance.now();
      intervals.push(t - last);
      last = t;
    }
    return intervals;
  });
  const longest = Math.max(...frames);
  rows.push({
    figure: `scroll through all rows, half a screen per frame (${frames.length} frames): frame time (ms)`,
    berth: summarise(frames),
    target: 'no frame > 50 ms',
    ok: longest <= 50,
  });
}

/** Time from a sort click or a filter keystroke to the table showing the result. */
async function sortAndFilter(page: Page, sampleName: string): Promise<void> {
  await setFilter(page, '');
  // The first row is in the DOM only when the table is scrolled to the top (it is virtualised).
  await page.evaluate(() => {
    const body = document.querySelector<HTMLElement>('[role="table"][aria-label="Containers"] .table-body');
    if (body) body.scrollTop = 0;
  });
  await page.waitForSelector('[role="table"][aria-label="Containers"] [aria-rowindex="2"]');
  await settle(page);
  const sortTimes: number[] = [];
  for (let i = 0; i < 6; i++) {
    sortTimes.push(
      await page.evaluate(async () => {
        const button = [...document.querySelectorAll<HTMLButtonElement>('[role="columnheader"] button')].find((b) => b.textContent?.startsWith('Name'));
        // The first row's identity, not its text: relative times tick on their own.
        const first = () => document.querySelector('[role="table"][aria-label="Containers"] [aria-rowindex="2"]')?.getAttribute('data-row-id');
        // The header's sort state changes in the same commit as the rows; with few
        // containers the first row can stay the same, so either change counts.
        const sortState = () => button?.closest('[role="columnheader"]')?.getAttribute('aria-sort');
        const before = first();
        const sortBefore = sortState();
        const t0 = performance.now();
        button?.click();
        while (first() === before && sortState() === sortBefore) {
          if (performance.now() - t0 > 10_000) throw new Error('sorting changed nothing within 10 s');
          await new Promise((r) => setTimeout(r, 0));
        }
        return performance.now() - t0;
      }),
    );
  }
  const filterTimes = await filterKeystrokes(page, sampleName);
  rows.push({ figure: 'sort by name, click → rows reordered (ms)', berth: summarise(sortTimes), target: '< 50 ms', ok: summarise(sortTimes).max < 50 });
  rows.push({ figure: 'filter, keystroke → rows filtered (ms)', berth: summarise(filterTimes), target: '< 50 ms', ok: summarise(filterTimes).max < 50 });
}

async function oneEvent(page: Page, raw: RawEvents, population: Population): Promise<void> {
  const container = docker.getContainer(population.eventContainer);
  await setFilter(page, population.eventContainerName);
  const berthDelays: number[] = [];
  const rawDelays: number[] = [];
  for (let i = 0; i < N.events; i++) {
    const delays = await oneEventToRow(page, raw, container);
    berthDelays.push(delays.berth);
    rawDelays.push(delays.raw);
  }
  const b = summarise(berthDelays);
  const r = summarise(rawDelays);
  rows.push({
    figure: `one event: start returns → row shows running (ms, ${N.events} runs)`,
    berth: b,
    raw: r,
    rawLabel: 'start returns → event on raw /events',
    target: 'p50 ≤ raw + 30, p99 ≤ raw + 100',
    ok: b.median <= r.median + 30 && b.p99 <= r.p99 + 100,
  });
}

interface StormRun {
  shownAfterLastRaw: number;
  rawSpan: number;
  longestTask: number;
  /** Share of the host's CPU (all cores) busy from the first start call to the last row right (%). */
  hostBusy: number;
  lists: number;
  inspects: number;
}

/**
 * Starts every storm container at once and stops them again. With `allRows`
 * the window is tall enough for all of them to be in the DOM, so "every row
 * right" can be timed; otherwise it is an ordinary window, as a user has it.
 */
async function stormOnce(page: Page, raw: RawEvents, client: NodeClient, ids: string[], allRows: boolean): Promise<StormRun> {
  const onScreen = allRows
    ? ids
    : await page.evaluate((all) => all.filter((id) => document.querySelector(`[data-row-id="${id}"]`)), ids);
  await armStateWatch(page, onScreen, 'running');
  await watchLongTasks(page);
  const before = await client.call('engine.metrics', {});
  const arrivals = ids.map((id) => raw.next(id, 'start'));
  const ticks = hostTicks();
  const t0 = now();
  await Promise.all(ids.map((id) => docker.getContainer(id).start()));
  const lastRaw = Math.max(...(await Promise.all(arrivals)));
  const shown = await stateWatched(page);
  const ticksAfter = hostTicks();
  // Let any trailing work land before reading the counters.
  await new Promise((r) => setTimeout(r, 300));
  const after = await client.call('engine.metrics', {});
  const longest = await longestTask(page);
  await armStateWatch(page, onScreen, 'exited');
  await Promise.all(ids.map((id) => docker.getContainer(id).stop({ t: 0 })));
  await stateWatched(page);
  return {
    shownAfterLastRaw: shown - lastRaw,
    rawSpan: lastRaw - t0,
    longestTask: longest,
    hostBusy: ((ticksAfter.busy - ticks.busy) / (ticksAfter.total - ticks.total)) * 100,
    lists: after.lists - before.lists,
    inspects: after.inspects - before.inspects,
  };
}

async function storm(page: Page, raw: RawEvents, client: NodeClient, population: Population): Promise<void> {
  const ids = population.storm;
  const n = ids.length;
  const tall: StormRun[] = [];
  const ordinary: StormRun[] = [];
  await setFilter(page, population.stormPrefix);
  for (let i = 0; i < N.repeat; i++) {
    await settle(page);
    ordinary.push(await stormOnce(page, raw, client, ids, false));
  }
  // Once more under a Chromium trace (which slows the page, so its wall times
  // are not used): how much of the longest task was the page's own CPU time.
  await settle(page);
  const traced = await traceMainThread(page, async () => void (await stormOnce(page, raw, client, ids, false)));
  await page.setViewportSize({ width: 1400, height: n * 40 + 400 });
  for (let i = 0; i < N.repeat; i++) {
    await settle(page);
    tall.push(await stormOnce(page, raw, client, ids, true));
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await setFilter(page, '');

  const all = [...tall, ...ordinary];
  const lists = Math.max(...all.map((r) => r.lists));
  const inspectsPerObject = Math.max(...all.map((r) => r.inspects / n));
  rows.push({
    figure: `storm: ${n} started at once → every row running (ms after the last raw event; window tall enough for all ${n} rows)`,
    berth: summarise(tall.map((r) => r.shownAfterLastRaw)),
    raw: summarise(all.map((r) => r.rawSpan)),
    rawLabel: `first start call → last of ${n} raw events`,
    target: '≤ 200 ms',
    ok: Math.max(...tall.map((r) => r.shownAfterLastRaw)) <= 200,
  });
  const longestOrdinary = summarise(ordinary.map((r) => r.longestTask));
  rows.push({ figure: 'longest UI task during the storm, 1400×900 window (ms)', berth: longestOrdinary, target: '≤ 50 ms', ok: longestOrdinary.max <= 50 });
  rows.push({
    figure: '… host CPU busy meanwhile, both cores (%; the engine starting 100 containers)',
    berth: summarise(ordinary.map((r) => r.hostBusy)),
    target: 'reported',
  });
  rows.push({ figure: '… one more storm under a Chromium trace: longest task of the page, wall time (ms)', berth: summarise([traced.longestWall]), target: 'reported' });
  rows.push({
    figure: '… the same storm: most CPU time any one task of the page took (ms; the rest of the wall time is waiting for a core)',
    berth: summarise([traced.longestCpu]),
    target: 'reported',
  });
  rows.push({ figure: `longest UI task during the storm, window ${n * 40 + 400} px tall, all rows painted (ms)`, berth: summarise(tall.map((r) => r.longestTask)), target: 'reported' });
  rows.push({ figure: 'engine list calls caused by a storm', berth: summarise([lists]), target: '0', ok: lists === 0 });
  rows.push({ figure: 'engine inspects per started container', berth: summarise([inspectsPerObject]), target: '≤ 1', ok: inspectsPerObject <= 1 });
}

async function roundTrip(client: NodeClient, population: Population): Promise<void> {
  const id = population.eventContainer;
  const viaBerth: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < 200; i++) {
    let t0 = now();
    await client.call('container.inspect', { id });
    viaBerth.push(now() - t0);
    t0 = now();
    await docker.getContainer(id).inspect();
    direct.push(now() - t0);
  }
  rows.push({
    figure: 'request round trip: inspect one container (ms, 200 runs)',
    berth: summarise(viaBerth),
    raw: summarise(direct),
    rawLabel: 'the same dockerode call, direct',
    target: 'reported',
  });
}

/** The Containers suite: a large population, then every figure of issue 4. */
async function containersSuite(context: BenchContext): Promise<void> {
  log(`populating: ${N.containers} containers, ${N.images} image tags, ${N.volumes} volumes, ${N.networks} networks`);
  const population = await populate(docker, { ...N, storm: N.storm });
  const raw = new RawEvents('/var/run/docker.sock');
  await raw.open();
  let berth: RunningBerth | undefined;
  try {
    log('cold start');
    const started = await coldStart(context, population, raw);
    berth = started.berth;
    const { page } = started;
    await memory(page, berth);
    log(`idle CPU over ${N.idle} s`);
    await idleCpu(berth);
    log('scrolling, sorting, filtering');
    await scrolling(page);
    await sortAndFilter(page, population.eventContainerName);
    const client = await openClient(berth);
    log(`one event × ${N.events}`);
    await oneEvent(page, raw, population);
    log(`storm of ${N.storm} × ${N.repeat}`);
    await storm(page, raw, client, population);
    log('round trips');
    await roundTrip(client, population);
    client.close();
    await page.close();
  } finally {
    raw.close();
    await berth?.stop();
  }
  log(`containers: ${population.totalContainers} in the engine (${N.containers} labelled ${BENCH_LABEL}), ${N.images} extra image tags, ${N.volumes} volumes, ${N.networks} networks`);
}

async function main(): Promise<void> {
  const browser = await launchBrowser();
  const context: BenchContext = { docker, browser, repeat: N.repeat, rows, log };
  try {
    for (const name of only as SuiteName[]) {
      log(`suite: ${name}`);
      await SUITES[name](context);
    }
  } finally {
    await browser.close();
    if (!opts.keep) {
      log('cleaning up');
      await cleanup(docker);
    }
  }
  const info = await docker.version();
  console.log(`\nBerth benchmark — ${new Date().toISOString()} — Docker ${info.Version} — suites: ${only.join(', ')}\n`);
  console.log(formatTable(rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The Logs suite (issue 6): Berth's log view against reading the same log
 * raw from the engine, in one run. Everything it makes is labelled
 * BENCH_LABEL and removed at the end.
 *
 *   200,000-line (≈16 MB) log: open the Logs tab → last line on screen, vs the raw read; longest UI task meanwhile
 *   1,000,000-line log: regex search → count and first match on screen; renderer heap; main RSS
 *   a container writing as fast as it can, followed: lines/s shown, main CPU, renderer frames/s
 *   open and close 100 log views: engine goroutines and Berth's sockets before and after
 */
import type { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { startServe, type RunningBerth } from '../test/support/serve';
import { longestTask, now, openPage, watchLongTasks, type BenchContext } from './context';
import { openClient, type NodeClient } from './node-client';
import { BENCH_LABELS } from './population';
import { cpuSecondsOf, rssMbOf } from './proc';
import { summarise } from './report';
import { readdirSync, readlinkSync } from 'node:fs';

const IMAGE = 'berth-test/busybox:latest';

/** Runs a container that prints its log and exits; resolves with its id once it has. */
async function finishedContainer(context: BenchContext, name: string, script: string): Promise<string> {
  const container = await context.docker.createContainer({ name, Image: IMAGE, Cmd: ['sh', '-c', script], Labels: BENCH_LABELS });
  await container.start();
  await container.wait();
  return container.id;
}

/** Reads a container's whole log from the socket, as Berth asks for it; resolves with ms and bytes. */
async function rawRead(context: BenchContext, id: string): Promise<{ ms: number; bytes: number }> {
  const t0 = now();
  const stream = (await context.docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true, timestamps: true })) as unknown as Readable;
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  return { ms: now() - t0, bytes };
}

/** Opens the container's page and its Logs tab; resolves with the wall time at which `lastLine` is on screen. */
async function openLogsTab(page: Page, berth: RunningBerth, id: string, lastLine: string): Promise<{ clicked: number; shown: number }> {
  // Leave any log view first, so every run opens a fresh one.
  await page.evaluate(() => {
    location.hash = '#/containers';
  });
  await page.getByRole('heading', { name: 'Containers' }).waitFor({ timeout: 60_000 });
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/containers/${id}`);
  try {
    await page.getByRole('tab', { name: 'Logs' }).waitFor({ timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: '/tmp/bench-logs-failure.png' });
    throw error;
  }
  await watchLongTasks(page);
  const clicked = now();
  await page.getByRole('tab', { name: 'Logs' }).click();
  const handle = await page.waitForFunction(
    (text) => {
      const log = document.querySelector('[role="log"]');
      return Boolean(log && [...log.querySelectorAll('.log-text')].some((el) => el.textContent === text)) && performance.timeOrigin + performance.now();
    },
    lastLine,
    { polling: 'raf', timeout: 300_000 },
  );
  return { clicked, shown: (await handle.jsonValue()) as number };
}

/** In the page: the wall-clock time at which the Logs tab says the whole log (at least `lines`) has been read. */
async function wholeLogRead(page: Page, lines: number): Promise<number> {
  const handle = await page.waitForFunction(
    (want) => {
      const text = document.querySelector('[role="status"].logs-status')?.textContent ?? '';
      const total = Number(/^([\d,]+) lines/.exec(text)?.[1]?.replaceAll(',', '') ?? 0);
      return total >= want && !text.includes('Reading') && performance.timeOrigin + performance.now();
    },
    lines,
    { polling: 'raf', timeout: 300_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function bigLog(context: BenchContext, berth: RunningBerth): Promise<void> {
  // ≈ 80 bytes a line, 200,000 lines, then a last line to wait for.
  const id = await finishedContainer(
    context,
    'bench-logs-200k',
    'seq 1 200000 | awk \'{ printf "%07d lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\\n", $1 }\'; echo LAST-LINE-OF-THE-LOG',
  );
  const berthTimes: number[] = [];
  const rawTimes: number[] = [];
  const tasks: number[] = [];
  const loadedTimes: number[] = [];
  let bytes = 0;
  const page = await openPage(context);
  await page.goto(berth.url);
  for (let i = 0; i < context.repeat; i++) {
    const raw = await rawRead(context, id);
    rawTimes.push(raw.ms);
    bytes = raw.bytes;
    const { clicked, shown } = await openLogsTab(page, berth, id, 'LAST-LINE-OF-THE-LOG');
    berthTimes.push(shown - clicked);
    loadedTimes.push((await wholeLogRead(page, 200_001)) - clicked);
    tasks.push(await longestTask(page));
  }
  await page.close();
  const b = summarise(berthTimes);
  const r = summarise(rawTimes);
  context.rows.push({
    figure: `200,001-line log (${(bytes / 1e6).toFixed(1)} MB with timestamps): Logs tab clicked → last line on screen (ms)`,
    berth: b,
    raw: r,
    rawLabel: 'the same log read whole from the socket',
    target: '≤ 1.2 × raw',
    ok: b.median <= 1.2 * r.median,
  });
  context.rows.push({
    figure: '… the whole log read into the store, searchable (ms; the end shows first)',
    berth: summarise(loadedTimes),
    raw: r,
    rawLabel: 'the same raw read',
    target: 'reported',
  });
  const t = summarise(tasks);
  context.rows.push({ figure: '… longest UI task meanwhile, until the whole log is read (ms)', berth: t, target: '≤ 50 ms', ok: t.max <= 50 });
}

async function millionLines(context: BenchContext, berth: RunningBerth): Promise<void> {
  const id = await finishedContainer(
    context,
    'bench-logs-1m',
    'seq 1 1000000 | awk \'{ if ($1 % 10000 == 5000) print "MARK " $1; else print "line " $1 }\'; echo END-OF-MILLION',
  );
  const page = await openPage(context);
  await page.goto(berth.url);
  const opened = await openLogsTab(page, berth, id, 'END-OF-MILLION');
  context.log(`1M-line log's end on screen after ${(opened.shown - opened.clicked).toFixed(0)} ms`);
  // Search is timed over the whole log: before it is all read, a count is only "so far".
  const loaded = await wholeLogRead(page, 1_000_001);
  context.log(`1M-line log read whole after ${(loaded - opened.clicked).toFixed(0)} ms`);
  await page.getByRole('checkbox', { name: 'Regex' }).check();
  const times: number[] = [];
  // Main keeps answering while it searches: another client's requests, timed meanwhile.
  const client = await openClient(berth);
  const idlePings = await pingWhile(client, new Promise((r) => setTimeout(r, 1000)));
  const searchPings: number[] = [];
  for (let i = 0; i < Math.max(3, context.repeat); i++) {
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('');
    await page.getByRole('checkbox', { name: 'Follow' }).check();
    await page.waitForTimeout(300);
    const search = page.evaluate(async (query) => {
        const input = document.querySelector<HTMLInputElement>('input[type="search"][aria-label="Search the log"]');
        if (!input) throw new Error('no search box');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        const t0 = performance.now();
        setValue?.call(input, query);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        for (;;) {
          const count = document.querySelector('[data-testid="match-count"]')?.textContent ?? '';
          const current = document.querySelector('[role="log"] .log-current')?.textContent ?? '';
          if (count === '1 of 100' && current.includes('MARK 5000')) return performance.now() - t0;
          if (performance.now() - t0 > 30_000) throw new Error(`search showed "${count}" / "${current}"`);
          await new Promise((r) => requestAnimationFrame(r));
        }
      }, '^MARK \\d+$');
    searchPings.push(await pingWhile(client, search));
    times.push(await search);
  }
  client.close();
  const s = summarise(times);
  context.rows.push({
    figure: '1,000,001-line log: regex search typed → "1 of 100" and the first match on screen (ms, incl. 150 ms typing debounce)',
    berth: s,
    target: '≤ 300 ms',
    ok: s.median <= 300,
  });
  context.rows.push({
    figure: '… meanwhile, the longest round trip of another client\'s requests to main, one search each (ms)',
    berth: summarise(searchPings),
    raw: summarise([idlePings]),
    rawLabel: 'the same requests for 1 s with no search',
    target: 'reported (main not stalled by a search)',
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
  context.rows.push({ figure: 'renderer JS heap with the 1M-line log open (MB)', berth: summarise([heap]), target: '≤ 100 MB', ok: heap <= 100 });
  context.rows.push({ figure: 'main-process RSS with the 1M-line log open (MB)', berth: summarise([rssMbOf(berth.child.pid ?? 0)]), target: 'reported' });
  await page.close();
}

/** Makes one cheap request to main after another until `work` settles; the longest round trip (ms). */
async function pingWhile(client: NodeClient, work: Promise<unknown>): Promise<number> {
  let done = false;
  let longest = 0;
  void work.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    const t0 = now();
    await client.call('engine.metrics', {});
    longest = Math.max(longest, now() - t0);
  }
  return longest;
}

/** A new page showing a container's page, as a user who clicked its name would have it. */
async function openContainerPage(context: BenchContext, berth: RunningBerth, id: string): Promise<Page> {
  const page = await openPage(context);
  await page.goto(berth.url);
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/containers/${id}`);
  return page;
}

async function firehose(context: BenchContext, berth: RunningBerth): Promise<void> {
  const container = await context.docker.createContainer({
    name: 'bench-logs-firehose',
    Image: IMAGE,
    Cmd: ['sh', '-c', 'trap "exit 0" TERM; yes "a log line written as fast as the container can, 0123456789"'],
    Labels: BENCH_LABELS,
    // Bounded on disk: it writes tens of MB a second.
    HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '20m', 'max-file': '2' } } },
  });
  await container.start();
  const page = await openContainerPage(context, berth, container.id);
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByText(/lines · following/).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  const seconds = 10;
  const total = () => page.evaluate(() => Number((document.querySelector('.logs-status')?.textContent ?? '').split(' ')[0]?.replace(/[^0-9]/g, '') ?? 0));
  const pid = berth.child.pid ?? 0;
  const cpu0 = cpuSecondsOf(pid);
  const lines0 = await total();
  const t0 = now();
  const frames = await page.evaluate(async (ms) => {
    let count = 0;
    let longest = 0;
    let last = performance.now();
    const end = last + ms;
    while (performance.now() < end) {
      await new Promise((r) => requestAnimationFrame(r));
      const t = performance.now();
      longest = Math.max(longest, t - last);
      last = t;
      count++;
    }
    return { fps: count / (ms / 1000), longest };
  }, seconds * 1000);
  const elapsed = (now() - t0) / 1000;
  const lines1 = await total();
  const cpu = ((cpuSecondsOf(pid) - cpu0) / elapsed) * 100;
  await container.kill().catch(() => undefined);
  await page.close();
  context.rows.push({ figure: `container writing flat out, followed ${seconds} s: lines per second shown`, berth: summarise([(lines1 - lines0) / elapsed]), target: 'reported' });
  context.rows.push({ figure: '… main-process CPU (% of one core)', berth: summarise([cpu]), target: 'reported' });
  context.rows.push({ figure: '… renderer frames per second (longest frame ms)', berth: summarise([frames.fps]), target: `reported (longest frame ${frames.longest.toFixed(0)} ms)` });
}

function socketsOf(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
}

async function openClose(context: BenchContext, berth: RunningBerth): Promise<void> {
  const container = await context.docker.createContainer({
    name: 'bench-logs-openclose',
    Image: IMAGE,
    Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do echo tick; sleep 0.2; done'],
    Labels: BENCH_LABELS,
  });
  await container.start();
  const page = await openContainerPage(context, berth, container.id);
  await page.getByRole('tab', { name: 'Overview' }).waitFor();
  await page.waitForTimeout(1000);
  const pid = berth.child.pid ?? 0;
  const goroutines = async () => ((await context.docker.info()) as { NGoroutines: number }).NGoroutines;
  const g0 = await goroutines();
  const s0 = socketsOf(pid);
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = now();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByText(/lines · following/).waitFor();
    times.push(now() - t0);
    await page.getByRole('tab', { name: 'Overview' }).click();
  }
  await page.waitForTimeout(1500);
  const g1 = await goroutines();
  const s1 = socketsOf(pid);
  await container.kill().catch(() => undefined);
  await page.close();
  context.rows.push({ figure: 'open a followed Logs tab → following (ms, 100 runs)', berth: summarise(times), target: 'reported' });
  context.rows.push({
    figure: 'open and close 100 log views: engine goroutines after − before',
    berth: summarise([g1 - g0]),
    target: '≈ 0 (no log stream left in the engine)',
    ok: g1 - g0 <= 5,
  });
  context.rows.push({ figure: '… Berth main-process sockets after − before', berth: summarise([s1 - s0]), target: '0', ok: s1 - s0 <= 0 });
}

export async function logsSuite(context: BenchContext): Promise<void> {
  const berth = await startServe();
  // Each part on its own: one that fails is logged, and the others still report.
  const parts: [string, (context: BenchContext, berth: RunningBerth) => Promise<void>][] = [
    ['200,000-line log vs raw', bigLog],
    ['1,000,000-line log, search, memory', millionLines],
    ['a container writing flat out', firehose],
    ['open and close 100 views', openClose],
  ];
  try {
    for (const [name, part] of parts) {
      context.log(`logs: ${name}`);
      try {
        await part(context, berth);
      } catch (error) {
        context.log(`logs: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await berth.stop();
  }
}

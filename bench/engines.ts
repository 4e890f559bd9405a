/**
 * The engines suite (`--only engines`, issue 16): Berth with two engines at
 * once, the main one (A, discovery's "default") and the second dockerd (B,
 * found by its docker context berth-test-b), each holding `--containers`
 * containers:
 *
 *   cold start → both engines' rows on screen, against the slower of the two raw lists
 *   (and the page alone: opened once main is up and has listed both engines)
 *   one event → row, on each engine, against each engine's raw /events
 *   a storm of starts on A while B's terminal echoes, B's log is followed and B's rows are watched
 *   renderer heap and main RSS with both engines' containers
 *   B unplugged (a socket proxy of the benchmark's own closed): B's status, A's events meanwhile
 *
 * "Both tables" is measured two ways: both engines' rows in the one "All
 * engines" table, and two pages (one per engine address) opened at once.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { startServe, type RunningBerth } from '../test/support/serve';
import { REACT_FLOOR_FIGURE, timeFloor } from './floor';
import { ENGINE_B_CONTEXT, ENGINE_B_SOCKET, engineMissing } from '../test/support/engines';
import { now, openPage, type BenchContext } from './context';
import { openClient } from './node-client';
import { oneEventToRow, setFilter, settle, armStateWatch, stateWatched, tableHolds } from './page';
import { rawExecEcho, type EchoProbe } from './echo';
import { openPageTerminal, type PageTerminal } from './page-terminal';
import { BENCH_LABEL, BENCH_LABELS, BENCH_RUN, cleanup, populate, type Population } from './population';
import { CPU_GROUPS, cpuGroupOf, cpuMsByGroup, processCpu, rssMbOf } from './proc';
import { RawEvents } from './raw-events';
import { summarise } from './report';
import { SocketProxy } from './socket-proxy';

export interface EnginesOptions {
  /** On each engine. */
  containers: number;
  storm: number;
  events: number;
  keep: boolean;
}

interface BenchEngine {
  /** As the page and the tables say it. */
  label: 'A' | 'B';
  /** Berth's id for it: its address is `#/engines/<id>/…`. */
  id: string;
  docker: Docker;
  socketPath: string;
  raw: RawEvents;
  population: Population;
}

const IMAGE = 'berth-test/busybox:latest';
const A_SOCKET = '/var/run/docker.sock';
const B_SOCKET = ENGINE_B_SOCKET.replace(/^unix:\/\//, '');
/** B's line every 50 ms: the followed log's pace. */
const FOLLOWED = ['sh', '-c', 'trap "exit 0" TERM; i=0; while :; do i=$((i+1)); echo "tick $i"; usleep 50000; done'];
/** The context the unplug part gives Berth for B (through the proxy), in a DOCKER_CONFIG of its own. */
const PROXIED_CONTEXT = 'berth-bench-b';

const containersOf = (engine: BenchEngine) => `#/engines/${encodeURIComponent(engine.id)}/containers`;

async function listedCount(docker: Docker): Promise<{ count: number; ms: number }> {
  const t0 = now();
  const count = (await docker.listContainers({ all: true })).length;
  return { count, ms: now() - t0 };
}

/** Resolves once main says every engine is connected: its lists are in, its snapshot full. */
async function untilConnected(berth: RunningBerth, engines: BenchEngine[]): Promise<void> {
  await Promise.all(
    engines.map(async (engine) => {
      const client = await openClient(berth, engine.id);
      try {
        await new Promise<void>((resolve, reject) => {
          const close = client.listen(
            'state',
            {},
            {
              onData: (message) => {
                const status = message.type === 'snapshot' ? message.snapshot.status : message.type === 'status' ? message.status : null;
                if (status?.state !== 'connected') return;
                close();
                resolve();
              },
              onEnd: (error) => reject(error ?? new Error(`engine ${engine.label}'s state stream ended before it connected`)),
            },
          );
        });
      } finally {
        client.close();
      }
    }),
  );
}

/**
 * Launch → both engines' rows on screen, `repeat` times, two ways alternated:
 * one page on "All engines" (both engines' containers in one table: what a
 * user of several engines opens on), and one page per engine, opened at once.
 * The last run's Berth and per-engine pages are kept for what follows.
 */
async function coldStart(context: BenchContext, engines: BenchEngine[]): Promise<{ berth: RunningBerth; pages: Page[] }> {
  const mergedTimes: number[] = [];
  const cpu = new Map<string, number[]>();
  const bothTimes: number[] = [];
  const eachTimes = engines.map(() => [] as number[]);
  const rawTimes = engines.map(() => [] as number[]);
  const slowerRaw: number[] = [];
  const floorTimes: number[] = [];
  const reactFloorTimes: number[] = [];
  const warmTimes: number[] = [];
  let kept: { berth: RunningBerth; pages: Page[] } | undefined;
  for (let i = 0; i < context.repeat; i++) {
    // Each list alone, so neither is slowed by the other: the stricter baseline.
    const listed: number[] = [];
    for (const [k, engine] of engines.entries()) {
      const { count, ms } = await listedCount(engine.docker);
      listed.push(count);
      rawTimes[k]!.push(ms);
    }
    slowerRaw.push(Math.max(...rawTimes.map((times) => times[i]!)));

    // The floors: a bare Node server and page showing the same rows (bench/floor-server.mjs), cold, in the same browser; drawn by plain DOM calls, then by React.
    const sockets = engines.map((engine) => engine.socketPath);
    const rows = listed.reduce((a, b) => a + b, 0);
    floorTimes.push(await timeFloor(context, sockets, rows));
    reactFloorTimes.push(await timeFloor(context, sockets, rows, { react: true }));

    const merged = await openPage(context);
    const cpuBefore = processCpu();
    const m0 = now();
    const first = await startServe();
    await merged.goto(`${first.url}#/all/containers`);
    mergedTimes.push((await tableHolds(merged, listed.reduce((a, b) => a + b, 0))) - m0);
    for (const [group, ms] of cpuMsByGroup(cpuBefore, processCpu(), cpuGroupOf(first.child.pid))) {
      cpu.set(group, [...(cpu.get(group) ?? []), ms]);
    }
    await merged.close();
    await first.stop();

    // The same page with main already up and both engines listed: what the page costs on its own, told apart from main's start.
    const warm = await startServe();
    await untilConnected(warm, engines);
    const warmPage = await openPage(context);
    const w0 = now();
    await warmPage.goto(`${warm.url}#/all/containers`);
    warmTimes.push((await tableHolds(warmPage, rows)) - w0);
    await warmPage.close();
    await warm.stop();

    const pages = await Promise.all(engines.map(() => openPage(context)));
    const t0 = now();
    const berth = await startServe();
    const shown = await Promise.all(
      engines.map(async (engine, k) => {
        await pages[k]!.goto(`${berth.url}${containersOf(engine)}`);
        return tableHolds(pages[k]!, listed[k]!, engine.raw);
      }),
    );
    bothTimes.push(Math.max(...shown) - t0);
    shown.forEach((at, k) => eachTimes[k]!.push(at - t0));
    if (i === context.repeat - 1) kept = { berth, pages };
    else {
      await Promise.all(pages.map((page) => page.close()));
      await berth.stop();
    }
  }
  const raw = summarise(slowerRaw);
  const total = engines.map((e) => e.population.totalContainers).join(' + ');
  const target = '≤ 1.5 × the slower raw list + 300 ms';
  const rawLabel = 'the slower of the two GET /containers/json?all=1, each alone';
  const mergedSummary = summarise(mergedTimes);
  context.rows.push({
    figure: `two engines (${total} containers): launch → both engines' rows in one "All engines" table (ms)`,
    berth: mergedSummary,
    raw,
    rawLabel,
    target,
    ok: mergedSummary.median <= 1.5 * raw.median + 300,
  });
  context.rows.push({
    figure: "… the floor: a bare Node server and page drawing the same rows (no framework, no validation; bench/floor-server.mjs) (ms)",
    berth: summarise(floorTimes),
    target: 'reported: what this machine costs any browser UI',
  });
  context.rows.push({ figure: REACT_FLOOR_FIGURE, berth: summarise(reactFloorTimes), target: 'reported: what this machine costs a React page' });
  context.rows.push({
    figure: '… the page alone: main already up, both engines listed; navigation → both engines\' rows (ms)',
    berth: summarise(warmTimes),
    target: 'reported: the rest of the cold start is main starting and listing',
  });
  // With two cores busy, the cold start can go no faster than half the CPU it took.
  for (const group of CPU_GROUPS) {
    context.rows.push({ figure: `… CPU time it took (ms, all ${availableParallelism()} cores): ${group}`, berth: summarise(cpu.get(group) ?? [0]), target: 'reported' });
  }
  const both = summarise(bothTimes);
  context.rows.push({
    figure: `two engines (${total} containers): launch → both tables full, one page per engine, two pages at once (ms)`,
    berth: both,
    raw,
    rawLabel,
    target,
    ok: both.median <= 1.5 * raw.median + 300,
  });
  for (const [k, engine] of engines.entries()) {
    context.rows.push({
      figure: `… of which engine ${engine.label}'s table full (ms)`,
      berth: summarise(eachTimes[k]!),
      raw: summarise(rawTimes[k]!),
      rawLabel: `engine ${engine.label}'s raw list`,
      target: 'reported',
    });
  }
  if (!kept) throw new Error('no run');
  return kept;
}

async function memory(context: BenchContext, berth: RunningBerth, engines: BenchEngine[]): Promise<void> {
  // A page follows only what it shows: the "All engines" page holds both engines' state.
  const page = await openPage(context);
  try {
    await page.goto(`${berth.url}#/all/containers`);
    await tableHolds(page, engines.reduce((sum, e) => sum + e.population.totalContainers, 0));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
    const at = engines.map((e) => e.population.totalContainers).join(' + ');
    context.rows.push({ figure: `renderer JS heap, two engines (${at} containers), the "All engines" page (MB)`, berth: summarise([heap]), target: '< 150 MB', ok: heap < 150 });
    context.rows.push({ figure: `main-process RSS, two engines (${at} containers) (MB)`, berth: summarise([rssMbOf(berth.child.pid ?? 0)]), target: 'reported' });
  } finally {
    await page.close();
  }
}

/** One event on each engine in turn, each in its own engine's table: noise falls on both alike. */
async function oneEventEach(context: BenchContext, pages: Page[], engines: BenchEngine[], runs: number): Promise<void> {
  const berthDelays = engines.map(() => [] as number[]);
  const rawDelays = engines.map(() => [] as number[]);
  for (const [k, engine] of engines.entries()) {
    await setFilter(pages[k]!, engine.population.eventContainerName);
    await pages[k]!.waitForSelector(`[data-row-id="${engine.population.eventContainer}"]`);
  }
  for (let i = 0; i < runs; i++) {
    for (const [k, engine] of engines.entries()) {
      const delays = await oneEventToRow(pages[k]!, engine.raw, engine.docker.getContainer(engine.population.eventContainer));
      berthDelays[k]!.push(delays.berth);
      rawDelays[k]!.push(delays.raw);
    }
  }
  for (const [k, engine] of engines.entries()) {
    await setFilter(pages[k]!, '');
    const b = summarise(berthDelays[k]!);
    const r = summarise(rawDelays[k]!);
    context.rows.push({
      figure: `two engines: one event on ${engine.label} → its row shows running (ms, ${runs} runs, alternated with the other engine)`,
      berth: b,
      raw: r,
      rawLabel: `start returns → event on ${engine.label}'s raw /events`,
      target: 'p50 ≤ raw + 30, p99 ≤ raw + 100',
      ok: b.median <= r.median + 30 && b.p99 <= r.p99 + 100,
    });
  }
}

/** In the page: from now on, the time of every change of the last log line on screen. */
async function recordLogLines(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __logChanges: number[] };
    w.__logChanges = [];
    let last = '';
    const look = () => {
      const lines = document.querySelectorAll('[role="log"] .log-text');
      const text = lines[lines.length - 1]?.textContent ?? '';
      if (text !== last) {
        last = text;
        w.__logChanges.push(performance.timeOrigin + performance.now());
      }
      requestAnimationFrame(look);
    };
    look();
  });
}

/** The longest time between new log lines on screen within [from, to] (ms), its ends included. */
async function longestLogGap(page: Page, from: number, to: number): Promise<number> {
  const changes = await page.evaluate(() => (window as unknown as { __logChanges: number[] }).__logChanges);
  const inside = [from, ...changes.filter((t) => t > from && t < to), to];
  return Math.max(...inside.slice(1).map((t, i) => t - inside[i]!));
}

interface Window {
  echoes: number[];
  /** The same keys' round trips over a raw exec socket to B, without Berth. */
  rawEchoes: number[];
  logGap: number;
}

/**
 * Presses keys in B's terminal and on a raw exec socket to B, in turn, until
 * `work` settles; the log page's longest wait for a new line over the same
 * window.
 */
async function sampleWhile(terminal: PageTerminal, raw: EchoProbe, logPage: Page, work: Promise<unknown>): Promise<Window> {
  const t0 = now();
  let done = false;
  const settled = work.finally(() => (done = true));
  // Handled when awaited below; until then a rejection must not count as unhandled.
  settled.catch(() => undefined);
  const echoes: number[] = [];
  const rawEchoes: number[] = [];
  while (!done) {
    const clear = echoes.length % 50 === 49;
    echoes.push((await terminal.press(clear ? 'Control+U' : 'x')).ws);
    rawEchoes.push(await raw.once(clear ? '\x15' : 'x'));
  }
  await settled;
  return { echoes, rawEchoes, logGap: await longestLogGap(logPage, t0, now()) };
}

/**
 * A storm of starts on A (its table filtered to the storm's rows, which the
 * storm waits to see running), alternated with windows of the same length
 * with A idle; B's terminal, log and rows are sampled through both.
 */
async function stormBeside(context: BenchContext, berth: RunningBerth, pageA: Page, a: BenchEngine, b: BenchEngine, followed: string): Promise<void> {
  const terminalPage = await openPage(context);
  const logPage = await openPage(context);
  const client = await openClient(berth, b.id);
  let raw: EchoProbe | undefined;
  try {
    const terminal = await openPageTerminal(terminalPage, `${berth.url}#/engines/${encodeURIComponent(b.id)}/containers/${followed}`);
    const rawEcho = await rawExecEcho(b.docker, followed);
    raw = rawEcho;
    await logPage.goto(`${berth.url}#/engines/${encodeURIComponent(b.id)}/containers/${followed}`);
    await logPage.getByRole('tab', { name: 'Logs' }).click();
    await logPage.getByText(/lines · following/).waitFor({ timeout: 60_000 });
    await recordLogLines(logPage);

    // B's rows as main sends them: any change to one of B's benchmark containers (the followed one aside) is a touched row.
    const quiet = new Set((await b.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${BENCH_LABEL}=${BENCH_RUN}`] }) })).map((c) => c.Id));
    quiet.delete(followed);
    let counting = false;
    let touched = 0;
    const stopListening = client.listen('state', {}, {
      onData: (message) => {
        if (!counting || message.type !== 'deltas') return;
        for (const delta of message.deltas) if (quiet.has(delta.op === 'remove' ? delta.id : delta.item.id)) touched++;
      },
    });

    const ids = a.population.storm;
    await setFilter(pageA, a.population.stormPrefix);
    const onScreen = await pageA.evaluate((all) => all.filter((id) => document.querySelector(`[data-row-id="${id}"]`)), ids);
    const storms: Window[] = [];
    const idles: Window[] = [];
    const stormSpans: number[] = [];
    for (let i = 0; i < context.repeat; i++) {
      await settle(pageA);
      await armStateWatch(pageA, onScreen, 'running');
      const arrivals = ids.map((id) => a.raw.next(id, 'start'));
      const t0 = now();
      counting = true;
      const storm = (async () => {
        await Promise.all(ids.map((id) => a.docker.getContainer(id).start()));
        await Promise.all(arrivals);
        await stateWatched(pageA);
      })();
      storms.push(await sampleWhile(terminal, rawEcho, logPage, storm));
      counting = false;
      const span = now() - t0;
      stormSpans.push(span);
      await armStateWatch(pageA, onScreen, 'exited');
      await Promise.all(ids.map((id) => a.docker.getContainer(id).stop({ t: 0 })));
      await stateWatched(pageA);
      await settle(pageA);
      idles.push(await sampleWhile(terminal, rawEcho, logPage, new Promise((r) => setTimeout(r, span))));
    }
    stopListening();
    await setFilter(pageA, '');

    const during = summarise(storms.flatMap((w) => w.echoes));
    const idle = summarise(idles.flatMap((w) => w.echoes));
    context.rows.push({
      figure: `storm of ${ids.length} starts on A: B's terminal, keydown → echo arrives (ms, ${during.n} keys)`,
      berth: during,
      raw: idle,
      rawLabel: `the same terminal, A idle, alternated (${idle.n} keys)`,
      target: "p99 within 2 ms of A idle",
      ok: during.p99 <= idle.p99 + 2,
    });
    // The same keys without Berth: how much of the storm's cost is the machine's (and the engines'), not Berth's.
    const rawDuring = summarise(storms.flatMap((w) => w.rawEchoes));
    context.rows.push({
      figure: `… the same keys over a raw exec socket to B, no Berth: during the storm (ms, ${rawDuring.n} keys)`,
      berth: rawDuring,
      raw: summarise(idles.flatMap((w) => w.rawEchoes)),
      rawLabel: 'the same socket, A idle',
      target: 'reported',
    });
    context.rows.push({
      figure: "… B's followed log (a line every 50 ms): longest wait for a new line on screen (ms)",
      berth: summarise(storms.map((w) => w.logGap)),
      raw: summarise(idles.map((w) => w.logGap)),
      rawLabel: 'the same, A idle',
      target: 'reported',
    });
    context.rows.push({
      figure: `… B's rows: changes main sent for B's ${quiet.size} quiet containers during the storms`,
      berth: summarise([touched]),
      target: '0 (untouched)',
      ok: touched === 0,
    });
    context.rows.push({
      figure: `… each storm: first start call → every row on A running, ${onScreen.length} rows on screen (ms)`,
      berth: summarise(stormSpans),
      target: 'reported',
    });
  } finally {
    await raw?.close();
    client.close();
    await terminalPage.close();
    await logPage.close();
  }
}

/** A DOCKER_CONFIG whose one context names B through `socketPath`, as the docker CLI would store it. */
function dockerConfigWith(socketPath: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-docker-'));
  const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(PROXIED_CONTEXT).digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(
    join(meta, 'meta.json'),
    JSON.stringify({ Name: PROXIED_CONTEXT, Metadata: {}, Endpoints: { docker: { Host: `unix://${socketPath}`, SkipTLSVerify: false } } }),
  );
  return dir;
}

/** In the page: the time at which the status line has `tone` (good, bad), and what it says then. */
async function statusTone(page: Page, tone: 'good' | 'bad'): Promise<{ at: number; text: string }> {
  const handle = await page.waitForFunction(
    (want) => {
      const status = document.querySelector(`[role="status"].connection-${want}`);
      return status !== null && { at: performance.timeOrigin + performance.now(), text: status.textContent ?? '' };
    },
    tone,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as { at: number; text: string };
}

/**
 * A Berth of its own whose B is reached through a proxy the benchmark owns:
 * A's events with B plugged in, B unplugged (how soon its status says so),
 * A's events again, and B plugged in again.
 */
async function unplugged(context: BenchContext, a: BenchEngine, b: BenchEngine, runs: number): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'berth-bench-proxy-'));
  const proxy = new SocketProxy(join(folder, 'b.sock'), b.socketPath);
  await proxy.plug();
  const config = dockerConfigWith(proxy.path);
  const berth = await startServe({ DOCKER_CONFIG: config });
  const pageA = await openPage(context);
  const pageB = await openPage(context);
  try {
    await pageB.goto(`${berth.url}#/engines/${PROXIED_CONTEXT}/containers`);
    await pageA.goto(`${berth.url}${containersOf(a)}`);
    await statusTone(pageB, 'good');
    await setFilter(pageA, a.population.eventContainerName);
    await pageA.waitForSelector(`[data-row-id="${a.population.eventContainer}"]`);
    const container = a.docker.getContainer(a.population.eventContainer);
    const events = async () => {
      const delays: number[] = [];
      for (let i = 0; i < runs; i++) delays.push((await oneEventToRow(pageA, a.raw, container)).berth);
      return summarise(delays);
    };
    const plugged = await events();
    const cut = now();
    await proxy.unplug();
    const down = await statusTone(pageB, 'bad');
    context.log(`engines: B unplugged; its status says "${down.text}"`);
    const without = await events();
    const back = now();
    await proxy.plug();
    const up = await statusTone(pageB, 'good');
    context.rows.push({
      figure: "B unplugged (its socket proxy closed) → B's status line says unavailable (ms)",
      berth: summarise([down.at - cut]),
      target: '≤ 1000 ms',
      ok: down.at - cut <= 1000,
    });
    context.rows.push({
      figure: `… meanwhile, one event on A → its row shows running (ms, ${runs} runs with B unplugged)`,
      berth: without,
      raw: plugged,
      rawLabel: 'the same, B plugged in, same Berth',
      target: 'unchanged (p50 within 10 ms, p99 within 50 ms)',
      ok: without.median <= plugged.median + 10 && without.p99 <= plugged.p99 + 50,
    });
    context.rows.push({ figure: "… B plugged in again → B's status line says connected (ms; its retry back-off included)", berth: summarise([up.at - back]), target: 'reported' });
  } finally {
    await pageA.close();
    await pageB.close();
    await berth.stop();
    await proxy.unplug();
    rmSync(folder, { recursive: true, force: true });
    rmSync(config, { recursive: true, force: true });
  }
}

export async function enginesSuite(context: BenchContext, options: EnginesOptions): Promise<void> {
  const missing = engineMissing('b');
  if (missing) {
    context.log(`engines: skipped, ${missing}`);
    return;
  }
  const dockerB = new Docker({ socketPath: B_SOCKET });
  const none = { images: 0, volumes: 0, networks: 0 };
  context.log(`engines: populating A and B with ${options.containers} containers each`);
  const populationA = await populate(context.docker, { ...none, containers: options.containers, storm: options.storm });
  const populatedB = await populate(dockerB, { ...none, containers: options.containers - 1, storm: 0 });
  // B's terminal and followed log: one running container, the last of B's population.
  const followed = await dockerB.createContainer({ name: 'bench-followed', Image: IMAGE, Cmd: FOLLOWED, Labels: BENCH_LABELS, HostConfig: { Init: true } });
  await followed.start();
  const populationB = { ...populatedB, totalContainers: populatedB.totalContainers + 1 };
  const a: BenchEngine = { label: 'A', id: 'default', docker: context.docker, socketPath: A_SOCKET, raw: new RawEvents(A_SOCKET), population: populationA };
  const b: BenchEngine = { label: 'B', id: ENGINE_B_CONTEXT, docker: dockerB, socketPath: B_SOCKET, raw: new RawEvents(B_SOCKET), population: populationB };
  const engines = [a, b];
  await Promise.all(engines.map((engine) => engine.raw.open()));
  let berth: RunningBerth | undefined;
  try {
    context.log('engines: cold start');
    const started = await coldStart(context, engines);
    berth = started.berth;
    const { pages } = started;
    await memory(context, berth, engines);
    context.log(`engines: one event × ${options.events} on each`);
    await oneEventEach(context, pages, engines, options.events);
    context.log(`engines: storm of ${options.storm} on A × ${context.repeat}, B's terminal, log and rows meanwhile`);
    await stormBeside(context, berth, pages[0]!, a, b, followed.id);
    await Promise.all(pages.map((page) => page.close()));
    await berth.stop();
    berth = undefined;
    context.log('engines: B unplugged');
    await unplugged(context, a, b, options.events);
  } finally {
    for (const engine of engines) engine.raw.close();
    await berth?.stop();
    if (!options.keep) {
      context.log('engines: removing what it made on B');
      await cleanup(dockerB);
    }
  }
}

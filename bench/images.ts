/**
 * The images suite: the layer analysis of a 200 MB, 10-layer image built
 * here, against reading the same `docker save` stream raw (and Berth main's
 * RSS growth while it runs), then the Images page holding 2,000 tags: time
 * to a full table and to a filter, beside the Containers table's figures;
 * last, that image pulled from a local registry by Berth and by the CLI
 * (bench/pull.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { startServe, type RunningBerth } from '../test/support/serve';
import { now, openPage, type BenchContext } from './context';
import { filterKeystrokes, settle, tableHolds } from './page';
import { openClient, type NodeClient } from './node-client';
import { BENCH_LABEL, BENCH_RUN } from './population';
import { rssMbOf } from './proc';
import { REACT_FLOOR_FIGURE, timeFloor } from './floor';
import { pullRows } from './pull';
import { summarise } from './report';

const LAYERS = 10;
const LAYER_MB = 20;
const TAGS = 2000;
// Of this run only (BERTH_BENCH_RUN): the cleanup removes these tags and labels, and another run's must be left alone.
const REPO = `berth-bench/images-${BENCH_RUN}`;
const LABEL_VALUE = `images-${BENCH_RUN}`;

async function inBatches(count: number, width: number, work: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => work(start + k)));
  }
}

/** A 10-layer image of random bytes (nothing compresses or deduplicates), labelled for the cleanup. */
function buildBig(): string {
  const context = mkdtempSync(join(tmpdir(), 'berth-bench-images-'));
  try {
    const steps = ['FROM berth-test/busybox:latest'];
    for (let i = 0; i < LAYERS; i += 1) {
      writeFileSync(join(context, `part${i}`), randomBytes(LAYER_MB << 20));
      steps.push(`COPY part${i} /data/part${i}`);
    }
    writeFileSync(join(context, 'Dockerfile'), `${steps.join('\n')}\n`);
    return execFileSync('docker', ['build', '-q', '--label', `${BENCH_LABEL}=${LABEL_VALUE}`, '-t', `${REPO}:big`, context], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

async function readRaw(docker: Docker, id: string): Promise<number> {
  const t0 = now();
  const stream = (await docker.getImage(id).get()) as unknown as Readable;
  for await (const chunk of stream) void chunk;
  return now() - t0;
}

/** A client of `berth` once its engine has connected (browser mode prints its address before). */
async function connectedClient(berth: RunningBerth): Promise<NodeClient> {
  const client = await openClient(berth);
  for (let i = 0; i < 300; i += 1) {
    if (await client.call('engine.info', {}).then(() => true, () => false)) return client;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('browser mode did not connect to the engine within 30 s');
}

/** One analysis on a fresh browser-mode server: its time, and how far main's RSS rose above where it stood. */
async function analyseOnce(id: string): Promise<{ ms: number; growthMb: number }> {
  const berth = await startServe();
  try {
    const client = await connectedClient(berth);
    const pid = berth.child.pid!;
    const before = rssMbOf(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMbOf(pid))), 50);
    try {
      const t0 = now();
      await client.call('image.analyse', { id });
      const ms = now() - t0;
      return { ms, growthMb: Math.max(peak, rssMbOf(pid)) - before };
    } finally {
      clearInterval(sampler);
      client.close();
    }
  } finally {
    await berth.stop();
  }
}

/**
 * The Images page holding every tag, measured as the Containers table is
 * (bench/run.ts): a cold start of browser mode straight onto the page, beside
 * the engine's own `GET /images/json`, and filter keystrokes timed in the page.
 */
/** The engine's socket, as the floor server reaches it. */
function socketPathOf(docker: Docker): string {
  return (docker.modem as { socketPath?: string }).socketPath ?? '/var/run/docker.sock';
}

async function imagesPageRows(context: BenchContext): Promise<void> {
  const { docker, repeat } = context;
  const coldTimes: number[] = [];
  const rawTimes: number[] = [];
  const floorTimes: number[] = [];
  const reactFloorTimes: number[] = [];
  let filterTimes: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const rawStart = now();
    // The page's rows: one per tag, one for an untagged image (the engine names its absence `<none>:<none>`).
    const listed = (await docker.listImages()).reduce((sum, image) => sum + Math.max(1, (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>').length), 0);
    rawTimes.push(now() - rawStart);
    // The floors: a bare Node server and page drawing the same rows (bench/floor-server.mjs), cold, in the same browser; drawn by plain DOM calls, then by React.
    floorTimes.push(await timeFloor(context, [socketPathOf(docker)], listed, { images: true }));
    reactFloorTimes.push(await timeFloor(context, [socketPathOf(docker)], listed, { images: true, react: true }));
    const page = await openPage(context);
    const t0 = now();
    const berth = await startServe();
    try {
      await page.goto(berth.url.replace(/#.*$/, '') + '#/engines/default/images');
      coldTimes.push((await tableHolds(page, listed, undefined, 'Images')) - t0);
      if (i === repeat - 1) {
        // From rest, as the Containers table's filter is measured (run.ts): typed the moment the
        // last row lands, the first keystroke met the page's own start work (34-52 ms, against at
        // most 25 settled, over 4 cold starts).
        await settle(page);
        filterTimes = await filterKeystrokes(page, 't1999', 'Filter images', 'Images');
      }
    } finally {
      await page.close();
      await berth.stop();
    }
  }
  const cold = summarise(coldTimes);
  const raw = summarise(rawTimes);
  context.rows.push({
    figure: `Images page with ${TAGS} tags, cold start: launch → table holds every tag (ms)`,
    berth: cold,
    raw,
    rawLabel: 'GET /images/json',
    target: '< 1.5 × raw + 300 ms',
    ok: cold.median < 1.5 * raw.median + 300,
  });
  context.rows.push({
    figure: '… the floor: a bare Node server and page drawing the same rows (no framework, no validation; bench/floor-server.mjs) (ms)',
    berth: summarise(floorTimes),
    target: 'reported',
  });
  context.rows.push({ figure: REACT_FLOOR_FIGURE, berth: summarise(reactFloorTimes), target: 'reported' });
  const filter = summarise(filterTimes);
  context.rows.push({ figure: `Images page with ${TAGS} tags: filter, keystroke → rows filtered (ms)`, berth: filter, target: '< 50 ms', ok: filter.max < 50 });
}

async function cleanup(docker: Docker): Promise<void> {
  const tagged = await docker.listImages({ filters: JSON.stringify({ reference: [`${REPO}:*`] }) });
  const tags = tagged.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.startsWith(`${REPO}:`));
  await inBatches(tags.length, 16, (i) => docker.getImage(tags[i]!).remove().catch(() => undefined));
  const labelled = await docker.listImages({ all: true, filters: JSON.stringify({ label: [`${BENCH_LABEL}=${LABEL_VALUE}`] }) });
  for (const image of labelled) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
}

export async function imagesSuite(context: BenchContext): Promise<void> {
  const { docker, log, repeat } = context;
  await cleanup(docker);
  log(`images: building a ${LAYERS * LAYER_MB} MB, ${LAYERS}-layer image`);
  const id = buildBig();
  const berth = await startServe();
  try {
    const raw: number[] = [];
    const analysed: number[] = [];
    let growth = 0;
    for (let i = 0; i < repeat; i += 1) {
      raw.push(await readRaw(docker, id));
      // A server of its own each time: the analysis is cached per image id, and a cached answer measures nothing.
      const run = await analyseOnce(id);
      analysed.push(run.ms);
      growth = Math.max(growth, run.growthMb);
    }
    const client = await connectedClient(berth);
    await client.call('image.analyse', { id });
    const cachedT0 = now();
    await client.call('image.analyse', { id });
    const cached = now() - cachedT0;
    client.close();
    context.rows.push({
      figure: `layer analysis of a ${LAYERS * LAYER_MB} MB, ${LAYERS}-layer image (ms)`,
      berth: summarise(analysed),
      raw: summarise(raw),
      rawLabel: 'reading `GET /images/{id}/get` raw',
      target: 'reported',
    });
    context.rows.push({ figure: 'the same analysis again, from the cache (ms)', berth: summarise([cached]), target: 'reported' });
    context.rows.push({ figure: 'Berth main RSS growth during the analysis (MB, largest of the runs)', berth: summarise([growth]), target: '< 100 MB', ok: growth < 100 });

    log(`images: tagging ${TAGS} tags`);
    await inBatches(TAGS, 16, (i) => docker.getImage(id).tag({ repo: REPO, tag: `t${String(i).padStart(4, '0')}` }));
    await imagesPageRows(context);
    await pullRows(context, id, `a ${LAYERS * LAYER_MB} MB, ${LAYERS}-layer image`);
  } finally {
    await berth.stop();
    await cleanup(docker);
  }
}

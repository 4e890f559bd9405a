/**
 * The Volumes suite (issue 18): backing up and restoring a 1 GB volume
 * through Berth (its one-time transfer addresses, as the page uses them,
 * with browser mode's main process in between) against the docker CLI doing
 * the same with tar in a container, in one run; and how much main's RSS
 * grows meanwhile. Everything it makes is labelled BENCH_LABEL and removed
 * at the end.
 *
 *   backup:  Berth's volume.backup download to a file  vs  docker run --rm -v vol:/v busybox tar c -C /v . > file
 *   restore: Berth's volume.restore upload of that file into a new volume  vs  docker run -i … tar x -C /v < file,
 *     once from the bench's own HTTP client and once through the Volumes page, where Chromium uploads the file
 *     as it does for a user
 *   restore into a volume that is not empty (the user confirmed): the same upload, which goes to a staging
 *     volume and is copied over once whole (archive.ts), against the same raw figure
 *   disk usage: Berth's system.df on an engine with 1,000 more containers and 200 more volumes  vs  the raw GET /system/df,
 *     and the Engine page's longest task while its disk-usage view computes
 *
 * The bench's own HTTP client pipes the file to and from the socket as a
 * browser does with a File (no JavaScript stream in between): Node's fetch
 * with `Readable.toWeb(createReadStream(…))` as the body took 36 s to send
 * 1 GB to a server that discarded it (4 s with a 1 MB high-water mark, 2 s
 * piped), which measured the bench, not Berth. It reads the file 1 MB at a
 * time: with Node's 64 kB default the bench's own process spent ~3 CPU-s
 * sending 1 GB (~1.5 with 1 MB), on the same 2 cores as main and the engine,
 * and the restore measured 1.19 × raw for it (0.97 × with 1 MB, 0.80 × with
 * curl as the client; alternating, 3 rounds each).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, openSync, closeSync, rmSync, statSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Page } from 'playwright-core';
import { startServe, type RunningBerth } from '../test/support/serve';
import { longestTask, now, openPage, watchLongTasks, type BenchContext } from './context';
import { openClient, type NodeClient } from './node-client';
import { BENCH_LABEL, BENCH_LABELS, BENCH_RUN } from './population';
import { rssMbOf } from './proc';
import { summarise } from './report';

const IMAGE = 'berth-test/busybox:latest';
const VOLUME_MB = 1024;

/** Runs the docker CLI with stdin and stdout on files (or nothing); resolves when it exits 0. */
function cli(args: string[], io: { stdin?: string; stdout?: string } = {}): Promise<void> {
  const input = io.stdin === undefined ? 'ignore' : openSync(io.stdin, 'r');
  const output = io.stdout === undefined ? 'ignore' : openSync(io.stdout, 'w');
  return new Promise<void>((resolve, reject) => {
    const child = spawn('docker', args, { stdio: [input, output, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (typeof input === 'number') closeSync(input);
      if (typeof output === 'number') closeSync(output);
      if (code === 0) resolve();
      else reject(new Error(`docker ${args.join(' ')} exited with ${code}`));
    });
  });
}

/** Main's highest RSS while `work` runs, sampled every 50 ms (a measurement, not a decision), less its RSS before. */
async function rssGrowth(pid: number, work: () => Promise<void>): Promise<number> {
  const before = rssMbOf(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMbOf(pid))), 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssMbOf(pid)) - before;
}

/** How much of the file the bench's uploader reads at a time (see the top of this file). */
const UPLOAD_CHUNK = 2 ** 20;

/** One HTTP exchange with browser mode; `body` is piped into the request when given. */
function exchange(berth: RunningBerth, url: string, method: 'GET' | 'POST', body?: string): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { origin: berth.origin, 'content-length': String(statSync(body).size) };
    const req = request({ host: '127.0.0.1', port: berth.port, path: url, method, headers }, resolve);
    req.on('error', reject);
    if (body === undefined) req.end();
    else createReadStream(body, { highWaterMark: UPLOAD_CHUNK }).on('error', reject).pipe(req);
  });
}

async function failure(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return `${response.statusCode} ${text}`;
}

async function berthBackup(berth: RunningBerth, client: NodeClient, volume: string, file: string): Promise<void> {
  const { url } = await client.call('volume.backup', { name: volume });
  const response = await exchange(berth, url, 'GET');
  if (response.statusCode !== 200) throw new Error(`backup: ${await failure(response)}`);
  await pipeline(response, createWriteStream(file));
}

async function berthRestore(berth: RunningBerth, client: NodeClient, volume: string, file: string, into: 'new' | 'not empty' = 'new'): Promise<void> {
  const target = into === 'new' ? { name: volume, create: true } : { name: volume, create: false, intoNonEmpty: true };
  const { url } = await client.call('volume.restore', { ...target, labels: BENCH_LABELS });
  const response = await exchange(berth, url, 'POST', file);
  if (response.statusCode !== 204) throw new Error(`restore: ${await failure(response)}`);
  response.resume();
}

/** A restore as the user makes it: the Volumes page's dialog, Chromium uploading the file; done when the dialog closes (the upload's answer came). */
async function pageRestore(page: Page, volume: string, file: string): Promise<number> {
  await page.getByRole('button', { name: 'Restore backup as new volume…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore a backup into a new volume' });
  await dialog.getByLabel('Backup file (.tar)').setInputFiles(file);
  await dialog.getByLabel('New volume name').fill(volume);
  await dialog.getByLabel('Labels of the new volume (one key=value a line)').fill(`${BENCH_LABEL}=${BENCH_RUN}`);
  const t0 = now();
  await dialog.getByRole('button', { name: 'Restore' }).click();
  // Done (the dialog closes) or refused (it says why and stays).
  const refusal = dialog.getByRole('alert');
  const closed = dialog.waitFor({ state: 'hidden', timeout: 300_000 });
  const refused = refusal.waitFor({ timeout: 300_000 });
  // The one that loses the race ends later (or when the page closes): its end is of no interest.
  closed.catch(() => undefined);
  refused.catch(() => undefined);
  await Promise.race([closed, refused]);
  const seconds = (now() - t0) / 1000;
  if (await refusal.isVisible()) throw new Error(`the page's restore failed: ${await refusal.innerText()}`);
  return seconds;
}

const DF_CONTAINERS = 1000;
const DF_VOLUMES = 200;

/** Runs `make` for 0…count-1, `width` at a time. */
async function inBatches(count: number, width: number, make: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => make(start + k)));
}

/**
 * `system df` on a crowded engine: the raw call and Berth's request, taken
 * in turn, then the Engine page computing it while its long tasks are
 * watched. The containers and volumes are this suite's (named for BENCH_RUN,
 * labelled) and only they go at the end: population.ts's cleanup also
 * removes every berth-bench/* tag, which other runs on the engine may hold.
 */
async function diskUsageRows(context: BenchContext, berth: RunningBerth, client: NodeClient): Promise<void> {
  const { docker, log } = context;
  log(`volumes: adding ${DF_CONTAINERS} containers and ${DF_VOLUMES} volumes for system df`);
  const containers: string[] = [];
  const volumeNames = Array.from({ length: DF_VOLUMES }, (_, i) => `berth-bench-df-${BENCH_RUN}-${i}`);
  try {
    await inBatches(DF_CONTAINERS, 16, (i) =>
      docker.createContainer({ name: `berth-bench-df-${BENCH_RUN}-${i}`, Image: IMAGE, Cmd: ['true'], Labels: BENCH_LABELS }).then((c) => containers.push(c.id)),
    );
    await inBatches(DF_VOLUMES, 16, (i) => docker.createVolume({ Name: volumeNames[i]!, Labels: BENCH_LABELS }));
    const totalContainers = (await docker.listContainers({ all: true })).length;
    const volumes = ((await docker.listVolumes()).Volumes ?? []).length;
    log(`volumes: the engine holds ${totalContainers} containers and ${volumes} volumes`);
    const raw: number[] = [];
    const viaBerth: number[] = [];
    for (let round = 0; round < context.repeat; round++) {
      let t0 = now();
      await docker.df();
      raw.push(now() - t0);
      t0 = now();
      await client.call('system.df', {});
      viaBerth.push(now() - t0);
    }
    const page = await openPage(context);
    const longest: number[] = [];
    const onPage: number[] = [];
    try {
      await page.goto(`${berth.url}#/engines/default/engine`);
      const button = page.getByRole('button', { name: /^Compute (disk usage|again)$/ });
      for (let round = 0; round < context.repeat; round++) {
        await button.waitFor();
        await watchLongTasks(page);
        const t0 = now();
        await button.click();
        await page.getByRole('progressbar', { name: 'Computing disk usage' }).waitFor({ state: 'detached', timeout: 120_000 });
        await page.getByRole('table', { name: 'Disk usage' }).waitFor();
        onPage.push(now() - t0);
        longest.push(await longestTask(page));
      }
    } finally {
      await page.close();
    }
    const where = `${totalContainers} containers, ${volumes} volumes`;
    context.rows.push(
      { figure: `system df on an engine with ${where} (ms)`, berth: summarise(viaBerth), raw: summarise(raw), rawLabel: 'GET /system/df, direct', target: 'reported' },
      { figure: 'Engine page: click Compute disk usage to the table (ms)', berth: summarise(onPage), target: 'reported' },
      { figure: 'Engine page: longest task while it computes (ms)', berth: summarise(longest), target: '< 100 ms (responsive)', ok: summarise(longest).max < 100 },
    );
  } finally {
    await inBatches(containers.length, 16, (i) => docker.getContainer(containers[i]!).remove({ force: true }).catch(() => undefined));
    await inBatches(volumeNames.length, 16, (i) => docker.getVolume(volumeNames[i]!).remove().catch(() => undefined));
  }
}

export async function volumesSuite(context: BenchContext): Promise<void> {
  const { docker, log } = context;
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-volumes-'));
  const source = `berth-bench-vol-${BENCH_RUN}`;
  const made: string[] = [source];
  let berth: RunningBerth | undefined;
  let client: NodeClient | undefined;
  let page: Page | undefined;
  try {
    await docker.createVolume({ Name: source, Labels: BENCH_LABELS });
    log(`volumes: filling ${source} with ${VOLUME_MB} MB (four files of random bytes, and 1,000 small ones)`);
    const quarter = VOLUME_MB / 4;
    await cli([
      'run', '--rm', '--label', `${BENCH_LABEL}=${BENCH_RUN}`, '--network', 'none', '-v', `${source}:/v`, IMAGE, 'sh', '-c',
      `for n in 1 2 3 4; do dd if=/dev/urandom of=/v/blob$n bs=1M count=${quarter} 2>/dev/null; done; mkdir /v/small; i=0; while [ $i -lt 1000 ]; do echo $i > /v/small/f$i; i=$((i+1)); done`,
    ]);
    berth = await startServe();
    client = await openClient(berth);
    const pid = berth.child.pid ?? 0;

    const times = { rawBackup: [] as number[], berthBackup: [] as number[], rawRestore: [] as number[], berthRestore: [] as number[], pageRestore: [] as number[], berthStaged: [] as number[] };
    page = await openPage(context);
    await page.goto(`${berth.url.replace(/#.*$/, '')}#/engines/default/volumes`);
    const growth = { backup: [] as number[], restore: [] as number[] };
    for (let round = 0; round < context.repeat; round++) {
      const rawFile = join(work, `raw-${round}.tar`);
      let t0 = now();
      await cli(['run', '--rm', '--label', `${BENCH_LABEL}=${BENCH_RUN}`, '--network', 'none', '-v', `${source}:/v:ro`, IMAGE, 'tar', 'c', '-C', '/v', '.'], { stdout: rawFile });
      times.rawBackup.push((now() - t0) / 1000);

      const berthFile = join(work, `berth-${round}.tar`);
      t0 = now();
      growth.backup.push(await rssGrowth(pid, () => berthBackup(berth!, client!, source, berthFile)));
      times.berthBackup.push((now() - t0) / 1000);
      log(`volumes: round ${round + 1}: backup ${times.rawBackup.at(-1)!.toFixed(1)} s raw, ${times.berthBackup.at(-1)!.toFixed(1)} s Berth (${statSync(berthFile).size} bytes)`);

      const rawTarget = `berth-bench-vol-raw-${BENCH_RUN}-${round}`;
      made.push(rawTarget);
      t0 = now();
      await cli(['volume', 'create', '--label', `${BENCH_LABEL}=${BENCH_RUN}`, rawTarget]);
      await cli(['run', '-i', '--rm', '--label', `${BENCH_LABEL}=${BENCH_RUN}`, '--network', 'none', '-v', `${rawTarget}:/v`, IMAGE, 'tar', 'x', '-C', '/v'], { stdin: rawFile });
      times.rawRestore.push((now() - t0) / 1000);

      const berthTarget = `berth-bench-vol-berth-${BENCH_RUN}-${round}`;
      made.push(berthTarget);
      t0 = now();
      growth.restore.push(await rssGrowth(pid, () => berthRestore(berth!, client!, berthTarget, berthFile)));
      times.berthRestore.push((now() - t0) / 1000);
      const pageTarget = `berth-bench-vol-page-${BENCH_RUN}-${round}`;
      made.push(pageTarget);
      times.pageRestore.push(await pageRestore(page, pageTarget, berthFile));
      // Made and given a file before the clock starts: the figure is the restore's, staging and copy included.
      const heldTarget = `berth-bench-vol-held-${BENCH_RUN}-${round}`;
      made.push(heldTarget);
      await cli(['volume', 'create', '--label', `${BENCH_LABEL}=${BENCH_RUN}`, heldTarget]);
      await cli(['run', '--rm', '--label', `${BENCH_LABEL}=${BENCH_RUN}`, '--network', 'none', '-v', `${heldTarget}:/v`, IMAGE, 'sh', '-c', 'echo kept > /v/kept.txt']);
      t0 = now();
      await berthRestore(berth, client, heldTarget, berthFile, 'not empty');
      times.berthStaged.push((now() - t0) / 1000);
      log(
        `volumes: round ${round + 1}: restore ${times.rawRestore.at(-1)!.toFixed(1)} s raw, ${times.berthRestore.at(-1)!.toFixed(1)} s Berth, ${times.pageRestore.at(-1)!.toFixed(1)} s through the page, ${times.berthStaged.at(-1)!.toFixed(1)} s Berth into a volume that is not empty`,
      );
      rmSync(rawFile);
      rmSync(berthFile);
      for (const volume of [rawTarget, berthTarget, pageTarget, heldTarget]) await docker.getVolume(volume).remove().catch(() => undefined);
    }

    const ratio = (berthTimes: number[], rawTimes: number[]) => summarise(berthTimes).median / summarise(rawTimes).median;
    context.rows.push(
      {
        figure: `back up a ${VOLUME_MB} MB volume to a file (s)`,
        berth: summarise(times.berthBackup),
        raw: summarise(times.rawBackup),
        rawLabel: 'docker run --rm -v vol:/v busybox tar c > file',
        target: `≤ 1.1 × raw (${ratio(times.berthBackup, times.rawBackup).toFixed(2)} ×)`,
        ok: ratio(times.berthBackup, times.rawBackup) <= 1.1,
      },
      {
        figure: `restore it into a new volume, uploaded by the bench's own HTTP client (s)`,
        berth: summarise(times.berthRestore),
        raw: summarise(times.rawRestore),
        rawLabel: 'docker volume create + docker run -i … tar x < file',
        target: `≤ 1.1 × raw (${ratio(times.berthRestore, times.rawRestore).toFixed(2)} ×)`,
        ok: ratio(times.berthRestore, times.rawRestore) <= 1.1,
      },
      {
        figure: `… the same through the Volumes page: Chromium uploads the file, click Restore → dialog closes (s)`,
        berth: summarise(times.pageRestore),
        raw: summarise(times.rawRestore),
        rawLabel: 'docker volume create + docker run -i … tar x < file',
        target: `≤ 1.1 × raw (${ratio(times.pageRestore, times.rawRestore).toFixed(2)} ×)`,
        ok: ratio(times.pageRestore, times.rawRestore) <= 1.1,
      },
      {
        figure: 'restore it into a volume that is not empty, confirmed (s; staging volume, then copied over)',
        berth: summarise(times.berthStaged),
        raw: summarise(times.rawRestore),
        rawLabel: 'docker volume create + docker run -i … tar x < file',
        target: `reported (${ratio(times.berthStaged, times.rawRestore).toFixed(2)} ×)`,
      },
      { figure: 'main RSS growth during the backup (MB)', berth: summarise(growth.backup), target: '< 100 MB', ok: summarise(growth.backup).max < 100 },
      { figure: 'main RSS growth during the restore (MB)', berth: summarise(growth.restore), target: '< 100 MB', ok: summarise(growth.restore).max < 100 },
    );
    await page.close();
    page = undefined;
    await diskUsageRows(context, berth, client);
  } finally {
    await page?.close();
    client?.close();
    await berth?.stop();
    for (const volume of made) await docker.getVolume(volume).remove().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

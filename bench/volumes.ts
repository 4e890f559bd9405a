/**
 * The Volumes suite (issue 18): backing up and restoring a 1 GB volume
 * through Berth (its one-time transfer addresses, as the page uses them,
 * with browser mode's main process in between) against the docker CLI doing
 * the same with tar in a container, in one run; and how much main's RSS
 * grows meanwhile. Everything it makes is labelled BENCH_LABEL and removed
 * at the end.
 *
 *   backup:  Berth's volume.backup download to a file  vs  docker run --rm -v vol:/v busybox tar c -C /v . > file
 *   restore: Berth's volume.restore upload of that file into a new volume  vs  docker run -i … tar x -C /v < file
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, openSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { startServe, type RunningBerth } from '../test/support/serve';
import { now, type BenchContext } from './context';
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

async function berthBackup(berth: RunningBerth, client: NodeClient, volume: string, file: string): Promise<void> {
  const { url } = await client.call('volume.backup', { name: volume });
  const response = await fetch(`http://127.0.0.1:${berth.port}${url}`);
  if (!response.ok || response.body === null) throw new Error(`backup: ${response.status} ${await response.text()}`);
  await pipeline(Readable.fromWeb(response.body as unknown as NodeReadableStream), createWriteStream(file));
}

async function berthRestore(berth: RunningBerth, client: NodeClient, volume: string, file: string): Promise<void> {
  const { url } = await client.call('volume.restore', { name: volume, create: true, labels: BENCH_LABELS });
  const response = await fetch(`http://127.0.0.1:${berth.port}${url}`, {
    method: 'POST',
    headers: { origin: berth.origin, 'content-length': String(statSync(file).size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 204) throw new Error(`restore: ${response.status} ${await response.text()}`);
}

export async function volumesSuite(context: BenchContext): Promise<void> {
  const { docker, log } = context;
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-volumes-'));
  const source = `berth-bench-vol-${BENCH_RUN}`;
  const made: string[] = [source];
  let berth: RunningBerth | undefined;
  let client: NodeClient | undefined;
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

    const times = { rawBackup: [] as number[], berthBackup: [] as number[], rawRestore: [] as number[], berthRestore: [] as number[] };
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
      log(`volumes: round ${round + 1}: restore ${times.rawRestore.at(-1)!.toFixed(1)} s raw, ${times.berthRestore.at(-1)!.toFixed(1)} s Berth`);
      rmSync(rawFile);
      rmSync(berthFile);
      for (const volume of [rawTarget, berthTarget]) await docker.getVolume(volume).remove().catch(() => undefined);
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
        figure: `restore it into a new volume (s)`,
        berth: summarise(times.berthRestore),
        raw: summarise(times.rawRestore),
        rawLabel: 'docker volume create + docker run -i … tar x < file',
        target: `≤ 1.1 × raw (${ratio(times.berthRestore, times.rawRestore).toFixed(2)} ×)`,
        ok: ratio(times.berthRestore, times.rawRestore) <= 1.1,
      },
      { figure: 'main RSS growth during the backup (MB)', berth: summarise(growth.backup), target: '< 100 MB', ok: summarise(growth.backup).max < 100 },
      { figure: 'main RSS growth during the restore (MB)', berth: summarise(growth.restore), target: '< 100 MB', ok: summarise(growth.restore).max < 100 },
    );
  } finally {
    client?.close();
    await berth?.stop();
    for (const volume of made) await docker.getVolume(volume).remove().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

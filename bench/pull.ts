/**
 * Pull rows of the images suite: the 200 MB, 10-layer image pushed to a local
 * registry, then pulled in turn by `docker pull` and by Berth's pull job
 * (the app's jobs.pull request to browser mode, done when the jobs stream
 * says so), the image removed before each, so both fetch every layer but
 * the busybox base. While Berth pulls, the Activity page shows the job: the
 * page counts its redraws of the progress per animation frame (one
 * MutationObserver callback that touches the bars is one render committed
 * to the DOM), to show the progress is drawn at most once a frame however
 * fast the lines come.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Job } from '#shared/jobs';
import { startRegistry } from '../test/support/registry';
import { startServe } from '../test/support/serve';
import { now, openPage, type BenchContext } from './context';
import { openClient, type NodeClient } from './node-client';
import { summarise } from './report';

const run = promisify(execFile);

async function removeLocal(reference: string): Promise<void> {
  await run('docker', ['rmi', reference]).catch(() => undefined);
}

async function cliPull(reference: string): Promise<number> {
  await removeLocal(reference);
  const t0 = now();
  await run('docker', ['pull', '-q', reference]);
  return now() - t0;
}

/** Berth's pull job, from the request until the jobs stream says it is done. */
async function berthPull(client: NodeClient, reference: string): Promise<number> {
  await removeLocal(reference);
  const t0 = now();
  const { id } = await client.call('jobs.pull', { reference });
  await new Promise<void>((resolve, reject) => {
    const stop = client.listen(
      'jobs',
      { only: id },
      {
        onData: (message) => {
          const job = message.jobs.find((j: Job) => j.id === id);
          if (job === undefined || job.state === 'running') return;
          stop();
          if (job.state === 'done') resolve();
          else reject(new Error(`the pull ended ${job.state}: ${job.error ?? ''}`));
        },
        onEnd: (error) => reject(error ?? new Error('the jobs stream ended')),
      },
    );
  });
  return now() - t0;
}

interface Redraws {
  /** Renders of the Activity view that reached the DOM. */
  redraws: number;
  /** Animation frames that had at least one. */
  frames: number;
  /** The most renders within one animation frame. */
  maxInFrame: number;
}

/** In the page: count the Activity view's DOM commits per animation frame from now on. */
async function watchRedraws(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __redraws?: Map<number, number>; __frame: number };
    // Installed once per page; a later call only starts a new count.
    if (w.__redraws !== undefined) {
      w.__redraws = new Map();
      return;
    }
    w.__redraws = new Map();
    w.__frame = 0;
    const tick = (): void => {
      w.__frame += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // The Activity view: its Jobs list appears with the first job.
    const view = document.querySelector('section.activity') ?? document.body;
    // Only what draws the progress counts (a job's bars and totals, or a job card coming): the
    // "started 3 s ago" clock beside them ticks on its own timer, and is no redraw of the progress.
    const isProgress = (record: MutationRecord): boolean => {
      const at = record.target instanceof Element ? record.target : record.target.parentElement;
      return at?.closest('.job-progress') != null || (record.type === 'childList' && at?.matches('.jobs') === true);
    };
    new MutationObserver((records) => {
      if (records.some(isProgress)) w.__redraws?.set(w.__frame, (w.__redraws.get(w.__frame) ?? 0) + 1);
    }).observe(view, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

async function readRedraws(page: import('playwright-core').Page): Promise<Redraws> {
  return page.evaluate(() => {
    const counts = [...(window as unknown as { __redraws: Map<number, number> }).__redraws.values()];
    return { redraws: counts.reduce((a, b) => a + b, 0), frames: counts.length, maxInFrame: Math.max(0, ...counts) };
  });
}

/** Pushes `image` to a registry of its own and adds the pull rows; `image` is removed (it must not be local for a pull to fetch it), and so is what the pulls brought. */
export async function pullRows(context: BenchContext, image: string, what: string): Promise<void> {
  const { log, repeat } = context;
  const registry = await startRegistry();
  const reference = `${registry.host}/berth-bench/pull:big`;
  const berth = await startServe();
  const page = await openPage(context);
  try {
    await run('docker', ['tag', image, reference]);
    log(`images: pushing ${what} to ${registry.host}`);
    await run('docker', ['push', '-q', reference], { maxBuffer: 1 << 24 });
    // The built image goes (every tag of it): each pull must then fetch every layer but the busybox base.
    await run('docker', ['rmi', '-f', image]);
    const client = await openClient(berth);
    await page.goto(`${berth.url.replace(/#.*$/, '')}#/engines/default/activity`);
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor({ timeout: 60_000 });
    const cli: number[] = [];
    const ours: number[] = [];
    const seen: Redraws[] = [];
    for (let i = 0; i < repeat; i += 1) {
      cli.push(await cliPull(reference));
      await watchRedraws(page);
      ours.push(await berthPull(client, reference));
      const redraws = await readRedraws(page);
      if (redraws.redraws === 0) throw new Error('the Activity page never drew the pull: the redraw count would measure nothing');
      seen.push(redraws);
    }
    client.close();
    const ratio = summarise(ours).median / summarise(cli).median;
    context.rows.push({
      figure: `pull of ${what} from a local registry (ms)`,
      berth: summarise(ours),
      raw: summarise(cli),
      rawLabel: '`docker pull`, alternating',
      target: '≤ 1.05 × the CLI',
      ok: ratio <= 1.05,
    });
    context.rows.push({ figure: 'the pull: Berth’s median over the CLI’s (ratio)', berth: summarise([ratio]), target: '≤ 1.05', ok: ratio <= 1.05 });
    const maxInFrame = Math.max(...seen.map((s) => s.maxInFrame));
    context.rows.push({ figure: 'the pull: Activity page redraws of the progress, per pull', berth: summarise(seen.map((s) => s.redraws)), target: 'reported' });
    context.rows.push({ figure: 'the pull: most redraws within one animation frame', berth: summarise(seen.map((s) => s.maxInFrame)), target: '≤ 1', ok: maxInFrame <= 1 });
  } finally {
    await page.close();
    await berth.stop();
    await removeLocal(reference);
    registry.stop();
  }
}

/**
 * The pieces of a job that need no engine: the engine's progress lines read
 * into layer states and totals, a build log's failing step, the Activity
 * list's folding of the jobs stream and its words, build args as typed, and
 * main's jobs stream coalescing progress but sending a job's end at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StreamSink } from '#shared/handlers';
import { BuildLog } from '../../electron/engine/jobs/build';
import { JobManager } from '../../electron/engine/jobs/manager';
import { openJobsStream } from '../../electron/engine/jobs/stream';
import { LayerProgress } from '../../electron/engine/jobs/progress';
import { JOB_PROGRESS_MS, type Job, type JobsMessage } from '#shared/jobs';
import { applyJobsMessage, formatEta, layerText, totalText } from '../../renderer/views/activity/jobs';
import { parseBuildArgs } from '../../renderer/views/activity/BuildDialog';

describe('layer progress', () => {
  it('moves each layer through its states and sums the bytes of those that come over the wire', () => {
    const p = new LayerProgress();
    expect(p.apply({ status: 'Pulling from team/app', id: '1' }, 0)).toBe(false);
    p.apply({ id: 'a', status: 'Pulling fs layer' }, 0);
    p.apply({ id: 'b', status: 'Already exists' }, 0);
    p.apply({ id: 'a', status: 'Downloading', progressDetail: { current: 250, total: 1000 } }, 1000);
    expect(p.list()).toEqual([
      { id: 'a', state: 'downloading', current: 250, total: 1000 },
      { id: 'b', state: 'exists', current: 0, total: 0 },
    ]);
    expect(p.bytes()).toEqual({ current: 250, total: 1000 });
    p.apply({ id: 'a', status: 'Downloading', progressDetail: { current: 750, total: 1000 } }, 2000);
    expect(p.speed()).toBeCloseTo(375, 0);
    expect(p.eta()).toBeCloseTo(250 / 375, 2);
    // Extracting counts its own bytes on the bar, but the download is whole.
    p.apply({ id: 'a', status: 'Extracting', progressDetail: { current: 10, total: 3000 } }, 2500);
    expect(p.bytes()).toEqual({ current: 1000, total: 1000 });
    p.apply({ id: 'a', status: 'Pull complete' }, 3000);
    expect(p.list()[0]).toMatchObject({ state: 'done' });
  });

  it('keeps the whole layer on the bar when the engine resumes a download and counts only what is left', () => {
    const p = new LayerProgress();
    p.apply({ id: 'a', status: 'Downloading', progressDetail: { current: 600, total: 1000 } }, 0);
    p.apply({ id: 'a', status: 'Retrying in 5 seconds' }, 1);
    p.apply({ id: 'a', status: 'Downloading', progressDetail: { current: 100, total: 400 } }, 2);
    expect(p.list()[0]).toEqual({ id: 'a', state: 'downloading', current: 700, total: 1000 });
    expect(p.bytes()).toEqual({ current: 700, total: 1000 });
  });

  it('reads a push: preparing, pushing with bytes, pushed or already there', () => {
    const p = new LayerProgress();
    p.apply({ id: 'x', status: 'Preparing' }, 0);
    p.apply({ id: 'y', status: 'Layer already exists' }, 0);
    p.apply({ id: 'x', status: 'Pushing', progressDetail: { current: 5, total: 10 } }, 10);
    expect(p.list().map((l) => l.state)).toEqual(['uploading', 'exists']);
    p.apply({ id: 'x', status: 'Pushed' }, 20);
    expect(p.bytes()).toEqual({ current: 10, total: 10 });
  });

  it('knows no speed or time left before the bytes move', () => {
    const p = new LayerProgress();
    p.apply({ id: 'a', status: 'Waiting' }, 0);
    expect(p.speed()).toBeNull();
    expect(p.eta()).toBeNull();
  });
});

describe('a build log', () => {
  it('names the step that failed, with that step’s output and not the earlier ones', () => {
    const log = new BuildLog();
    log.take('Step 1/3 : FROM busybox\n');
    log.take(' ---> 1234\n');
    log.take('Step 2/3 : RUN echo early\n');
    log.take(' ---> Running in abc\n');
    log.take('early\n');
    log.take('Removing intermediate container abc\n');
    log.take('Step 3/3 : RUN make\n');
    log.take(' ---> Running in def\n');
    log.take('cc: error one\ncc: error two\n');
    expect(log.step).toBe('Step 3/3 : RUN make');
    expect(log.failure("The command '/bin/sh -c make' returned a non-zero code: 2")).toBe(
      "Step 3/3 failed: RUN make\nThe command '/bin/sh -c make' returned a non-zero code: 2\nIts output:\ncc: error one\ncc: error two",
    );
  });

  it('says so when the build failed before its first step', () => {
    expect(new BuildLog().failure('unknown instruction: FORM')).toBe('The build failed before its first step\nunknown instruction: FORM');
  });
});

const job = (id: string, startedAt: number, patch: Partial<Job> = {}): Job => ({
  id,
  kind: 'pull',
  target: `app:${id}`,
  state: 'running',
  startedAt,
  endedAt: null,
  layers: [],
  bytes: { current: 0, total: 0 },
  speed: null,
  etaSeconds: null,
  step: null,
  log: [],
  logLines: 0,
  error: null,
  imageId: null,
  ...patch,
});

describe('the Activity list', () => {
  it('folds a snapshot and updates into a list, newest first, and forgets removed jobs', () => {
    let jobs = applyJobsMessage([], { type: 'snapshot', jobs: [job('a', 1), job('b', 2)] });
    expect(jobs.map((j) => j.id)).toEqual(['b', 'a']);
    jobs = applyJobsMessage(jobs, { type: 'update', jobs: [job('a', 1, { state: 'done' }), job('c', 3)], removed: ['b'] });
    expect(jobs.map((j) => [j.id, j.state])).toEqual([
      ['c', 'running'],
      ['a', 'done'],
    ]);
  });

  it('says a layer’s state with its bytes, and the total with speed and time left', () => {
    expect(layerText({ id: 'a', state: 'downloading', current: 1_500_000, total: 3_000_000 })).toBe('downloading 1.5 MB of 3 MB');
    expect(layerText({ id: 'a', state: 'exists', current: 0, total: 0 })).toBe('already exists');
    expect(totalText(job('a', 1, { bytes: { current: 1e6, total: 4e6 }, speed: 5e5, etaSeconds: 6 }))).toBe('1 MB of 4 MB · 500 kB/s · about 6 s left');
    expect(totalText(job('a', 1, { state: 'done', bytes: { current: 4e6, total: 4e6 }, speed: 5e5, etaSeconds: 0 }))).toBe('4 MB of 4 MB');
    expect(formatEta(185)).toBe('3 min 5 s');
    expect(formatEta(3720)).toBe('1 h 2 min');
  });

  it('reads build args as KEY=VALUE lines or a comma-separated list, and refuses a line without "="', () => {
    expect(parseBuildArgs('A=1\nB = two\n\nC=x=y')).toEqual({ A: '1', B: ' two', C: 'x=y' });
    expect(parseBuildArgs('A=1, B=2')).toEqual({ A: '1', B: '2' });
    expect(parseBuildArgs('A=1\nnope')).toBe('“nope” is not KEY=VALUE');
  });
});

describe('the jobs stream', () => {
  afterEach(() => vi.useRealTimers());

  /** A sink that always has credit and keeps what it was sent. */
  function recordingSink(): { sink: StreamSink<JobsMessage>; sent: JobsMessage[] } {
    const sent: JobsMessage[] = [];
    return { sent, sink: { data: (message) => sent.push(message), end: () => undefined, ready: () => true, onReady: () => () => undefined } };
  }

  it('sends a job\'s start and end as they happen, and its many changes between as one update', async () => {
    vi.useFakeTimers();
    const jobs = new JobManager();
    const { sink, sent } = recordingSink();
    const close = openJobsStream(jobs, undefined, sink);
    let finish!: () => void;
    const { done } = jobs.start('pull', 'busybox', async (job) => {
      for (let i = 1; i <= 100; i++) job.progress({ bytes: { current: i, total: 100 } });
      await new Promise<void>((resolve) => (finish = resolve));
      return { imageId: 'sha256:1' };
    });
    // No timer advanced: the start did not wait for a batch.
    expect(sent.map((m) => m.type)).toEqual(['snapshot', 'update']);
    expect(sent[1]).toMatchObject({ jobs: [{ state: 'running', bytes: { current: 0, total: 0 } }] });
    vi.advanceTimersByTime(JOB_PROGRESS_MS - 10);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(20);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ type: 'update', jobs: [{ state: 'running', bytes: { current: 100, total: 100 } }] });
    finish();
    await done;
    expect(sent).toHaveLength(4);
    expect(sent[3]).toMatchObject({ type: 'update', jobs: [{ state: 'done', imageId: 'sha256:1' }] });
    vi.advanceTimersByTime(2 * JOB_PROGRESS_MS);
    expect(sent).toHaveLength(4);
    close();
  });

  it('holds an ended job until the receiver has credit again, like any other change', async () => {
    const jobs = new JobManager();
    const sent: JobsMessage[] = [];
    let credit = true;
    let onReady: (() => void) | null = null;
    const sink: StreamSink<JobsMessage> = {
      data: (message) => sent.push(message),
      end: () => undefined,
      ready: () => credit,
      onReady: (listener) => ((onReady = listener), () => (onReady = null)),
    };
    const close = openJobsStream(jobs, undefined, sink);
    credit = false;
    await jobs.start('pull', 'busybox', async () => ({ imageId: null })).done;
    expect(sent.map((m) => m.type)).toEqual(['snapshot']);
    credit = true;
    onReady!();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ type: 'update', jobs: [{ state: 'done' }] });
    close();
  });
});

/**
 * One engine's jobs: each runs in main from its start to its end whoever
 * watches, and is remembered for a while after it ends so the Activity list
 * can show how it went. A job's work gets an AbortSignal (cancel) and a
 * handle to report through; every change is announced to the watchers, who
 * coalesce (see stream.ts).
 */
import { randomUUID } from 'node:crypto';
import { JOB_LOG_LINES, type Job, type JobKind, type JobLayer } from '#shared/jobs';
import { RemoteError } from '#shared/protocol';

/** How many finished jobs are remembered (the oldest are forgotten first). */
const KEEP_FINISHED = 50;

export interface JobHandle {
  readonly signal: AbortSignal;
  log(line: string): void;
  progress(update: { layers?: JobLayer[]; bytes?: Job['bytes']; speed?: number | null; etaSeconds?: number | null; step?: string | null }): void;
}

/** What a job's work returns: the image it made, when it made one. */
export interface JobOutcome {
  imageId: string | null;
}

type Listener = (change: { job?: Job; removed?: string }) => void;

/** Thrown by a job's work when it stopped because it was cancelled. */
export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly finished = new Map<string, Promise<Job>>();
  private readonly listeners = new Set<Listener>();

  list(): Job[] {
    return [...this.jobs.values()];
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts `work` as a job; it runs on whether or not anyone waits for `done`. */
  start(kind: JobKind, target: string, work: (job: JobHandle) => Promise<JobOutcome>): { job: Job; done: Promise<Job> } {
    const id = randomUUID();
    const controller = new AbortController();
    const job: Job = {
      id,
      kind,
      target,
      state: 'running',
      startedAt: Date.now(),
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
    };
    this.jobs.set(id, job);
    this.controllers.set(id, controller);
    const handle: JobHandle = {
      signal: controller.signal,
      log: (line) => {
        if (job.state !== 'running') return;
        job.log.push(line);
        if (job.log.length > JOB_LOG_LINES) job.log.splice(0, job.log.length - JOB_LOG_LINES);
        job.logLines++;
        this.changed(job);
      },
      progress: (update) => {
        if (job.state !== 'running') return;
        Object.assign(job, update);
        this.changed(job);
      },
    };
    this.changed(job);
    const done = (async () => {
      try {
        const outcome = await work(handle);
        job.imageId = outcome.imageId;
        job.state = controller.signal.aborted ? 'cancelled' : 'done';
      } catch (error) {
        if (controller.signal.aborted || error instanceof JobCancelled) job.state = 'cancelled';
        else {
          job.state = 'failed';
          job.error = error instanceof Error ? error.message : String(error);
        }
      }
      job.endedAt = Date.now();
      job.speed = null;
      job.etaSeconds = null;
      this.controllers.delete(id);
      this.finished.delete(id);
      this.changed(job);
      this.forgetOld();
      return job;
    })();
    this.finished.set(id, done);
    return { job, done };
  }

  cancel(id: string): void {
    const job = this.jobs.get(id);
    if (!job) throw new RemoteError({ code: 'not-found', message: 'There is no such job (it may have been cleared).' });
    this.controllers.get(id)?.abort();
  }

  /** Forgets every finished job. */
  clear(): void {
    for (const job of [...this.jobs.values()]) if (job.state !== 'running') this.forget(job.id);
  }

  /** Cancels every running job and waits for each to end (an engine that closes leaves none behind). */
  async stop(): Promise<void> {
    for (const controller of this.controllers.values()) controller.abort();
    await Promise.allSettled([...this.finished.values()]);
  }

  private forgetOld(): void {
    const ended = this.list().filter((job) => job.state !== 'running');
    for (const job of ended.slice(0, Math.max(0, ended.length - KEEP_FINISHED))) this.forget(job.id);
  }

  private forget(id: string): void {
    this.jobs.delete(id);
    for (const listener of this.listeners) listener({ removed: id });
  }

  private changed(job: Job): void {
    for (const listener of this.listeners) listener({ job });
  }
}

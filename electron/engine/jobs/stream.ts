/**
 * The `jobs` stream: a snapshot, then the jobs that changed, at most one
 * message per BATCH_MS while they run; a job's end is sent as it happens.
 * Without credit the changed ids pile up in a set (each job sent once, as it
 * is when credit returns), so a busy page makes main coalesce progress,
 * never queue it.
 */
import type { Job, JobsMessage } from '#shared/jobs';
import type { StreamSink } from '#shared/handlers';
import type { JobManager } from './manager';

/** About two frames: a pull's hundreds of progress lines a second become one message. */
const BATCH_MS = 33;

function copy(job: Job): Job {
  return { ...job, layers: job.layers.map((layer) => ({ ...layer })), bytes: { ...job.bytes }, log: [...job.log] };
}

export function openJobsStream(jobs: JobManager, only: string | undefined, sink: StreamSink<JobsMessage>): () => void {
  const wanted = (id: string): boolean => only === undefined || only === id;
  const changed = new Set<string>();
  const removed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let waiting: (() => void) | null = null;

  const flush = (): void => {
    timer = null;
    if (changed.size === 0 && removed.size === 0) return;
    if (!sink.ready()) {
      waiting ??= sink.onReady(() => {
        waiting?.();
        waiting = null;
        flush();
      });
      return;
    }
    const list = [...changed].flatMap((id) => {
      const job = jobs.get(id);
      return job ? [copy(job)] : [];
    });
    changed.clear();
    const gone = [...removed];
    removed.clear();
    sink.data({ type: 'update', jobs: list, removed: gone });
  };

  const stopListening = jobs.onChange((change) => {
    if (change.job && wanted(change.job.id)) {
      changed.add(change.job.id);
      removed.delete(change.job.id);
    }
    if (change.removed !== undefined && wanted(change.removed)) {
      changed.delete(change.removed);
      removed.add(change.removed);
    }
    if (waiting !== null) return;
    // A job that ended goes out at once (with whatever else changed): the end is what the user waits for, and it comes once per job.
    if (change.job !== undefined && change.job.state !== 'running' && wanted(change.job.id)) {
      if (timer !== null) clearTimeout(timer);
      flush();
    } else if (timer === null) timer = setTimeout(flush, BATCH_MS);
  });
  sink.data({ type: 'snapshot', jobs: jobs.list().filter((job) => wanted(job.id)).map(copy) });
  return () => {
    stopListening();
    if (timer !== null) clearTimeout(timer);
    waiting?.();
  };
}

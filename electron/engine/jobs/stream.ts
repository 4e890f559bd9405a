/**
 * The `jobs` stream: a snapshot, then the jobs that changed, at most one
 * message per JOB_PROGRESS_MS while they run; a job's start and end are
 * sent as they happen. Without credit the changed ids pile up in a set (each
 * job sent once, as it is when credit returns), so a busy page makes main
 * coalesce progress, never queue it.
 */
import { JOB_PROGRESS_MS, type Job, type JobsMessage } from '#shared/jobs';
import type { StreamSink } from '#shared/handlers';
import type { JobManager } from './manager';

function copy(job: Job): Job {
  return { ...job, layers: job.layers.map((layer) => ({ ...layer })), bytes: { ...job.bytes }, log: [...job.log] };
}

export function openJobsStream(jobs: JobManager, only: string | undefined, sink: StreamSink<JobsMessage>): () => void {
  const wanted = (id: string): boolean => only === undefined || only === id;
  const changed = new Set<string>();
  const removed = new Set<string>();
  /** The jobs this stream has told of: a change to one it has not is a start. */
  const known = new Set<string>();
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
    if (change.removed !== undefined) known.delete(change.removed);
    // A job that starts or ends goes out at once (with whatever else changed): each happens once per job, and the user waits for both.
    const job = change.job;
    const atOnce = job !== undefined && wanted(job.id) && (!known.has(job.id) || job.state !== 'running');
    if (job !== undefined && wanted(job.id)) known.add(job.id);
    if (waiting !== null) return;
    if (atOnce) {
      if (timer !== null) clearTimeout(timer);
      flush();
    } else if (timer === null) timer = setTimeout(flush, JOB_PROGRESS_MS);
  });
  const listed = jobs.list().filter((job) => wanted(job.id));
  for (const job of listed) known.add(job.id);
  sink.data({ type: 'snapshot', jobs: listed.map(copy) });
  return () => {
    stopListening();
    if (timer !== null) clearTimeout(timer);
    waiting?.();
  };
}

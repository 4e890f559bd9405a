/**
 * For the job tests: a job followed through main's own `jobs` stream (as
 * the Activity list sees it), until it ends or until a condition holds.
 */
import type { EngineHandlers } from '#shared/handlers';
import type { Job, JobsMessage } from '#shared/jobs';

export interface Watched {
  /** Every state of the job the stream sent, in order. */
  seen: Job[];
  /** Resolves with the job once `test` holds for it. */
  until(test: (job: Job) => boolean, what: string, timeoutMs?: number): Promise<Job>;
  /** Resolves with the job once it has ended. */
  ended(timeoutMs?: number): Promise<Job>;
  close(): void;
}

export function watchJob(service: EngineHandlers, id: string): Watched {
  const seen: Job[] = [];
  const waiters = new Set<{ test: (job: Job) => boolean; what: string; resolve: (job: Job) => void; reject: (error: Error) => void }>();
  const take = (message: JobsMessage): void => {
    for (const job of message.jobs) {
      if (job.id !== id) continue;
      seen.push(job);
      for (const waiter of [...waiters]) {
        if (waiter.test(job)) {
          waiters.delete(waiter);
          waiter.resolve(job);
        } else if (job.state !== 'running') {
          waiters.delete(waiter);
          waiter.reject(new Error(`The job ended before ${waiter.what}: ${JSON.stringify(job)}`));
        }
      }
    }
  };
  const close = service.streams.jobs(
    { only: id },
    { data: take, end: () => undefined, ready: () => true, onReady: () => () => undefined },
  );
  const until = (test: (job: Job) => boolean, what: string, timeoutMs = 60_000): Promise<Job> => {
    const last = seen[seen.length - 1];
    if (last && test(last)) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`Timed out waiting for ${what}; the job was ${JSON.stringify(seen[seen.length - 1] ?? null)}`));
      }, timeoutMs);
      const waiter = {
        test,
        what,
        resolve: (job: Job) => {
          clearTimeout(timer);
          resolve(job);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  };
  return { seen, until, ended: (timeoutMs) => until((job) => job.state !== 'running', 'the job to end', timeoutMs), close };
}

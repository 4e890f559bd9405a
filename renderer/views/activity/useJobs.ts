/**
 * Jobs as an engine's `jobs` stream tells them (every job, or one), kept
 * while the view is open; the jobs themselves run in main either way. One
 * engine's (`useJobs`, in its scope) or every engine's (`useEveryEngineJobs`,
 * for "All engines"), each engine's through its own stream.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineClient } from '#shared/client';
import { JOB_PROGRESS_MS, type Job, type JobsMessage } from '#shared/jobs';
import { useBerthClient, useClient } from '../../hooks/useClient';
import { useEnginesStore } from '../../store/engineStore';
import { createBatcher, spacedFrameScheduler } from '../../store/frameBatcher';
import { applyJobsMessage } from './jobs';

interface JobsListener {
  /** The list folded anew: `fold` turns the list as it was into the list as it is. */
  jobs(fold: (was: readonly Job[]) => readonly Job[]): void;
  /** Why the stream ended (null: it is live again, or ended cleanly). */
  error(text: string | null): void;
}

/** Follows one engine's jobs stream; returns the stop. */
function followJobs(client: EngineClient, only: string | undefined, listener: JobsListener): () => void {
  // Messages are folded in together, so the list draws at most once a frame and
  // at most once per JOB_PROGRESS_MS (see there why).
  const messages = createBatcher<JobsMessage>((batch) => {
    listener.error(null);
    listener.jobs((was) => batch.reduce<readonly Job[]>(applyJobsMessage, was));
  }, spacedFrameScheduler(JOB_PROGRESS_MS));
  // The stream's first message is a snapshot: it replaces whatever the list held before.
  const stop = client.listen('jobs', only === undefined ? {} : { only }, {
    onData: (message) => messages.push(message),
    onEnd: (reason) => {
      messages.flush();
      listener.error(reason ? reason.message : null);
    },
  });
  return () => {
    stop();
    messages.clear();
  };
}

export function useJobs(only?: string): { jobs: readonly Job[]; error: string | null } {
  const client = useClient();
  const [jobs, setJobs] = useState<readonly Job[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => followJobs(client, only, { jobs: setJobs, error: setError }), [client, only]);
  return { jobs, error };
}

/** A job and the engine it runs on. */
export interface EngineJob {
  readonly engine: string;
  readonly job: Job;
}

const listed = (ids: string): string[] => (ids === '' ? [] : ids.split('\n'));

/** Every engine's jobs, newest first, and each engine's stream error by engine. */
export function useEveryEngineJobs(): { jobs: readonly EngineJob[]; errors: ReadonlyMap<string, string> } {
  const berth = useBerthClient();
  // The ids as one string: the streams are opened again when an engine comes or goes, not when an engine's status changes.
  const ids = useEnginesStore((store) => (store.engines ?? []).map((e) => e.id).join('\n'));
  const [byEngine, setByEngine] = useState<ReadonlyMap<string, readonly Job[]>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const stops = listed(ids).map((engine) =>
      followJobs(berth.engine(engine), undefined, {
        jobs: (fold) => setByEngine((was) => new Map(was).set(engine, fold(was.get(engine) ?? []))),
        error: (text) =>
          setErrors((was) => {
            if (text === null && !was.has(engine)) return was;
            const next = new Map(was);
            if (text === null) next.delete(engine);
            else next.set(engine, text);
            return next;
          }),
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [berth, ids]);
  // An engine that has left keeps its last list here (its stream's snapshot replaces it if it comes back), unshown.
  const jobs = useMemo(
    () => listed(ids).flatMap((engine) => (byEngine.get(engine) ?? []).map((job) => ({ engine, job }))).sort((a, b) => b.job.startedAt - a.job.startedAt),
    [byEngine, ids],
  );
  const shownErrors = useMemo(() => {
    const shown = new Map<string, string>();
    for (const engine of listed(ids)) {
      const text = errors.get(engine);
      if (text !== undefined) shown.set(engine, text);
    }
    return shown;
  }, [errors, ids]);
  return { jobs, errors: shownErrors };
}

/**
 * The engine's jobs as the `jobs` stream tells them (every job, or one),
 * kept while the view is open; the jobs themselves run in main either way.
 */
import { useEffect, useState } from 'react';
import type { Job, JobsMessage } from '#shared/jobs';
import { useClient } from '../../hooks/useClient';
import { createBatcher } from '../../store/frameBatcher';
import { applyJobsMessage } from './jobs';

export function useJobs(only?: string): { jobs: Job[]; error: string | null } {
  const client = useClient();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // A pull sends a message per progress line, many a frame: they are folded in once a frame, so the list draws once.
    const messages = createBatcher<JobsMessage>((batch) => {
      setError(null);
      setJobs((was) => batch.reduce(applyJobsMessage, was));
    });
    // The stream's first message is a snapshot: it replaces whatever another engine's stream had said.
    const stop = client.listen('jobs', only === undefined ? {} : { only }, {
      onData: (message) => messages.push(message),
      onEnd: (reason) => {
        messages.flush();
        setError(reason ? reason.message : null);
      },
    });
    return () => {
      stop();
      messages.clear();
    };
  }, [client, only]);
  return { jobs, error };
}

/**
 * The engine's jobs as the `jobs` stream tells them (every job, or one),
 * kept while the view is open; the jobs themselves run in main either way.
 */
import { useEffect, useState } from 'react';
import type { Job } from '#shared/jobs';
import { useClient } from '../../hooks/useClient';
import { applyJobsMessage } from './jobs';

export function useJobs(only?: string): { jobs: Job[]; error: string | null } {
  const client = useClient();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // The stream's first message is a snapshot: it replaces whatever another engine's stream had said.
    return client.listen('jobs', only === undefined ? {} : { only }, {
      onData: (message) => {
        setError(null);
        setJobs((was) => applyJobsMessage(was, message));
      },
      onEnd: (reason) => setError(reason ? reason.message : null),
    });
  }, [client, only]);
  return { jobs, error };
}

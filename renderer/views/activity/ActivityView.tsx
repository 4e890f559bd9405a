/**
 * Activity: every pull, push and build of the engine in scope, in progress
 * or just finished (main keeps the latest 50 finished), newest first. The
 * jobs run in main: leaving this page stops none of them. Below, the
 * update check of the images the engine's containers use.
 */
import type { ReactNode } from 'react';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { ImageJobButtons } from './ImageJobButtons';
import { JobCard } from './JobCard';
import { UpdatesPanel } from './UpdatesPanel';
import { useJobs } from './useJobs';
import './activity.css';

export function ActivityView(): ReactNode {
  const client = useClient();
  const { jobs, error } = useJobs();
  const clear = useAction();
  const finished = jobs.some((job) => job.state !== 'running');
  return (
    <section className="view activity" aria-labelledby="activity-heading">
      <div className="view-head">
        <h1 id="activity-heading">Activity</h1>
        <ImageJobButtons />
        {finished && (
          <button type="button" disabled={clear.pending} onClick={() => void clear.run(() => client.call('jobs.clear', {}))}>
            Clear finished
          </button>
        )}
      </div>
      {(error ?? clear.error) !== null && (
        <p role="alert" className="error">
          {error ?? clear.error}
        </p>
      )}
      {jobs.length === 0 ? (
        <p className="empty">No pulls, pushes or builds yet on this engine.</p>
      ) : (
        <ul className="jobs" aria-label="Jobs">
          {jobs.map((job) => (
            <JobCard key={job.id} job={job} />
          ))}
        </ul>
      )}
      <UpdatesPanel />
    </section>
  );
}

/**
 * One job in the Activity list: what it is, how it stands, its bars, Cancel
 * while it runs, its error when it failed, and its log. It sits in its
 * engine's scope (its Cancel goes there); in "All engines" it names it.
 */
import { useId, type ReactNode } from 'react';
import type { Job } from '#shared/jobs';
import { RelativeTime } from '../../components/LiveTime';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { JobProgress } from './JobProgress';
import { jobStateText, jobTitle } from './jobs';

export function JobCard({ job, engineName }: { job: Job; engineName?: string }): ReactNode {
  const client = useClient();
  const cancel = useAction();
  const titleId = useId();
  const title = jobTitle(job);
  return (
    <li className={`job job-${job.state}`} aria-labelledby={titleId}>
      <div className="job-head">
        <h2 id={titleId}>{title}</h2>
        {engineName !== undefined && (
          <span className="job-engine" aria-label={`Engine of ${title}`}>
            on {engineName}
          </span>
        )}
        <span className="job-state" aria-label={`State of ${title}`}>
          {jobStateText(job)}
        </span>
        <span className="job-time">
          started <RelativeTime at={job.startedAt} />
        </span>
        {job.state === 'running' && (
          <button type="button" disabled={cancel.pending} onClick={() => void cancel.run(() => client.call('jobs.cancel', { id: job.id }))}>
            Cancel {title}
          </button>
        )}
      </div>
      {cancel.error !== null && (
        <p role="alert" className="error">
          {cancel.error}
        </p>
      )}
      <JobProgress job={job} />
      {job.error !== null && (
        <pre className="job-error" role="alert" aria-label={`Why ${title} failed`}>
          {job.error}
        </pre>
      )}
      {job.log.length > 0 && (
        <details className="job-log" open={job.kind === 'build' && job.state === 'running' ? true : undefined}>
          <summary>Log of {title}</summary>
          {job.logLines > job.log.length && <p className="job-log-cut">The first {job.logLines - job.log.length} lines are not kept.</p>}
          <pre aria-label={`Log of ${title}`}>{job.log.join('\n')}</pre>
        </details>
      )}
    </li>
  );
}

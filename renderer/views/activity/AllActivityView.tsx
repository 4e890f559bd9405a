/**
 * Activity on all engines: every engine's pulls, pushes and builds in one
 * list, newest first, each naming its engine and sitting in that engine's
 * scope, so its Cancel goes to the engine it runs on. Starting a job stays
 * on an engine's own Activity page: a pull or build needs an engine to run on.
 */
import { useId, type ReactNode } from 'react';
import { objectKey } from '../../engines/keys';
import { EngineScope } from '../../engines/scope';
import { useBerthClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { useEnginesStore } from '../../store/engineStore';
import { useEngineFilter } from '../all/EngineFilter';
import { JobCard } from './JobCard';
import { useEveryEngineJobs } from './useJobs';
import './activity.css';

export function AllActivityView(): ReactNode {
  const berth = useBerthClient();
  const engines = useEnginesStore((store) => store.engines);
  const { jobs: every, errors } = useEveryEngineJobs();
  const { chosen, filter } = useEngineFilter();
  const jobs = chosen === null ? every : every.filter(({ engine }) => engine === chosen);
  const clear = useAction();
  const headingId = useId();
  const nameOf = (engine: string): string => engines?.find((e) => e.id === engine)?.name ?? engine;
  const withFinished = [...new Set(jobs.filter(({ job }) => job.state !== 'running').map(({ engine }) => engine))];
  return (
    <section className="view activity" aria-labelledby={headingId}>
      <div className="view-head">
        <h1 id={headingId}>Activity on all engines</h1>
        {filter}
        {withFinished.length > 0 && (
          <button
            type="button"
            disabled={clear.pending}
            onClick={() => void clear.run(() => Promise.all(withFinished.map((engine) => berth.engine(engine).call('jobs.clear', {}))))}
          >
            Clear finished
          </button>
        )}
      </div>
      {[...errors].map(([engine, text]) => (
        <p key={engine} role="alert" className="error">
          {nameOf(engine)}: {text}
        </p>
      ))}
      {clear.error !== null && (
        <p role="alert" className="error">
          {clear.error}
        </p>
      )}
      {jobs.length === 0 ? (
        <p className="empty">{chosen === null ? 'No pulls, pushes or builds yet on any engine.' : `No pulls, pushes or builds yet on ${nameOf(chosen)}.`}</p>
      ) : (
        <ul className="jobs" aria-label="Jobs">
          {jobs.map(({ engine, job }) => (
            <EngineScope key={objectKey(engine, job.id)} value={engine}>
              <JobCard job={job} engineName={nameOf(engine)} />
            </EngineScope>
          ))}
        </ul>
      )}
    </section>
  );
}

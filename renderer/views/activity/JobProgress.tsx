/**
 * A pull's or push's progress: the total (bytes, speed, time left) over a
 * bar per layer, each named by its layer and saying its state.
 */
import type { ReactNode } from 'react';
import type { Job } from '#shared/jobs';
import { layerText, totalText } from './jobs';

export function JobProgress({ job }: { job: Job }): ReactNode {
  const total = totalText(job);
  return (
    <div className="job-progress">
      {job.bytes.total > 0 && (
        <div className="job-total">
          <progress aria-label={`${job.kind === 'push' ? 'Pushed' : 'Pulled'} in all`} max={job.bytes.total} value={job.bytes.current} />
          <span>{total}</span>
        </div>
      )}
      {job.layers.length > 0 && (
        <ul className="job-layers" aria-label="Layers">
          {job.layers.map((layer) => (
            <li key={layer.id} className={`job-layer job-layer-${layer.state}`}>
              <code>{layer.id}</code>
              <progress
                aria-label={`Layer ${layer.id}`}
                aria-valuetext={layerText(layer)}
                max={layer.total > 0 ? layer.total : 1}
                value={layer.state === 'done' || layer.state === 'exists' ? (layer.total > 0 ? layer.total : 1) : layer.current}
              />
              <span>{layerText(layer)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

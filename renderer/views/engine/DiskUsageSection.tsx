/**
 * The engine's disk usage as a picture: images, containers, volumes and
 * build cache, each a bar of its size with the reclaimable part marked, and
 * the figures beside it. Computed only when asked: the engine walks every
 * layer and volume for it, which takes seconds on a big engine, so the page
 * shows that it is working (and for how long) meanwhile.
 */
import { useState, type ReactNode } from 'react';
import type { DiskUsage, DiskUsageTotal } from '#shared/system';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useNow } from '../../hooks/useNow';
import { useAction } from '../../hooks/useRequest';

const ROWS = [
  { key: 'images', label: 'Images' },
  { key: 'containers', label: 'Containers' },
  { key: 'volumes', label: 'Local volumes' },
  { key: 'buildCache', label: 'Build cache' },
] as const;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}

function Bar({ total, largest }: { total: DiskUsageTotal; largest: number }): ReactNode {
  const width = largest > 0 ? (total.size / largest) * 100 : 0;
  const reclaimable = total.size > 0 ? (total.reclaimable / total.size) * 100 : 0;
  return (
    <div className="du-track" aria-hidden="true">
      <div className="du-bar" style={{ width: `${width}%` }}>
        <div className="du-reclaimable" style={{ width: `${reclaimable}%` }} />
      </div>
    </div>
  );
}

/** Whole seconds since `since`, on the shared ticker. */
function Elapsed({ since }: { since: number }): ReactNode {
  const seconds = Math.floor((useNow() - since) / 1000);
  return seconds > 0 && ` (${seconds} s)`;
}

export function DiskUsageSection(): ReactNode {
  const client = useClient();
  const action = useAction();
  const [usage, setUsage] = useState<DiskUsage | null>(null);
  const [startedAt, setStartedAt] = useState(0);
  const compute = async () => {
    setStartedAt(Date.now());
    const outcome = await action.run(() => client.call('system.df', {}));
    if (outcome.ok) setUsage(outcome.value);
  };
  const largest = usage === null ? 0 : Math.max(...ROWS.map(({ key }) => usage[key]?.size ?? 0));

  return (
    <section aria-labelledby="disk-usage-heading" className="disk-usage">
      <div className="section-head">
        <h2 id="disk-usage-heading">Disk usage</h2>
        <button type="button" onClick={() => void compute()} disabled={action.pending}>
          {usage === null ? 'Compute disk usage' : 'Compute again'}
        </button>
      </div>
      {action.pending && (
        <p role="status" className="du-working">
          <progress aria-label="Computing disk usage" /> The engine is adding up every image, container, volume and build cache
          <Elapsed since={startedAt} />…
        </p>
      )}
      {action.error !== null && (
        <p role="alert" className="error">
          {action.error}
        </p>
      )}
      {usage === null && !action.pending && action.error === null && (
        <p className="muted">Not computed yet: the engine measures it on request, which can take seconds on a big engine.</p>
      )}
      {usage !== null && (
        <>
          <table className="labels du-table" aria-label="Disk usage">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Total</th>
                <th scope="col">Active</th>
                <th scope="col">Size</th>
                <th scope="col">Reclaimable</th>
                <th scope="col">
                  <span className="visually-hidden">Picture</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map(({ key, label }) => {
                const total = usage[key];
                return (
                  <tr key={key}>
                    <th scope="row">{label}</th>
                    {total === null ? (
                      <td colSpan={5} className="muted">
                        not reported by this engine
                      </td>
                    ) : (
                      <>
                        <td>{total.count}</td>
                        <td>{total.active}</td>
                        <td>{formatSize(total.size)}</td>
                        <td>
                          {formatSize(total.reclaimable)} ({percent(total.reclaimable, total.size)})
                        </td>
                        <td className="du-picture">
                          <Bar total={total} largest={largest} />
                        </td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">
            The darker part of each bar is in use; the lighter part is reclaimable. The engine took {(usage.tookMs / 1000).toFixed(1)} s.
          </p>
        </>
      )}
    </section>
  );
}

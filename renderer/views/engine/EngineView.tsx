/**
 * The engine Berth talks to: where it is and why that one, what it is and
 * how it is set up (read from the engine when the page opens), its disk
 * usage (computed by the engine on demand: it walks every layer and volume),
 * and Berth's own traffic to it.
 */
import type { ReactNode } from 'react';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { useEngineStore } from '../../store/engineStore';
import { DiskUsageSection } from './DiskUsageSection';
import { EngineFacts } from './EngineFacts';
import './engine.css';

export function EngineView(): ReactNode {
  const status = useEngineStore((store) => store.status);
  return (
    <section className="view engine-page" aria-labelledby="engine-heading">
      <h1 id="engine-heading">Engine</h1>
      {status === null ? (
        <p>Loading…</p>
      ) : (
        <dl className="facts">
          <dt>Endpoint</dt>
          <dd>
            <code>{status.endpoint.url}</code>
          </dd>
          <dt>Chosen from</dt>
          <dd>{status.endpoint.source}</dd>
          <dt>State</dt>
          <dd>{status.state === 'unavailable' ? `unavailable: ${status.error}` : status.state}</dd>
        </dl>
      )}
      {status?.state === 'connected' && (
        <>
          <EngineFacts />
          <DiskUsageSection />
        </>
      )}
      <Metrics />
    </section>
  );
}

function Metrics(): ReactNode {
  const client = useClient();
  // The last answer stays on screen while a refresh is under way.
  const { value: metrics, error, pending, reload } = useLoad('metrics', () => client.call('engine.metrics', {}));

  return (
    <section aria-labelledby="metrics-heading" className="metrics">
      <div className="section-head">
        <h2 id="metrics-heading">Berth’s engine traffic</h2>
        <button type="button" onClick={reload} disabled={pending}>
          Refresh
        </button>
      </div>
      {metrics === undefined && error === null && <p>Loading…</p>}
      {error !== null && (
        <p role="alert" className="error">
          Could not read the metrics: {error}
        </p>
      )}
      {metrics !== undefined && (
        <dl className="facts">
          <dt>Full lists</dt>
          <dd>{metrics.lists}</dd>
          <dt>Inspects</dt>
          <dd>{metrics.inspects}</dd>
          <dt>Events</dt>
          <dd>{metrics.events}</dd>
          <dt>Connects</dt>
          <dd>{metrics.connects}</dd>
        </dl>
      )}
    </section>
  );
}

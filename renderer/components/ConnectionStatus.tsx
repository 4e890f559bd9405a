/**
 * One line that always says whether Berth can see the engine of the page:
 * its name and address, which Docker, or why not and when it tries again. The link to Berth's own
 * main process (the WebSocket in browser mode) comes first: without it the
 * engine status shown would be stale.
 */
import { useState, type ReactNode } from 'react';
import { useEngineId } from '../engines/scope';
import { errorText } from '../format/errors';
import { useBerthClient } from '../hooks/useClient';
import { useNow } from '../hooks/useNow';
import { useEngineStore, useEnginesStore } from '../store/engineStore';
import { useLinkStore, type LinkState } from '../transport/linkStore';

function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionStatus(): ReactNode {
  const link = useLinkStore((store) => store.link);
  const status = useEngineStore((store) => store.status);
  const streamError = useEngineStore((store) => store.streamError);
  const engine = useEngineId();
  const name = useEnginesStore((store) => store.engines?.find((e) => e.id === engine)?.name ?? engine);
  const tone = link.state !== 'open' || status?.state === 'unavailable' ? 'bad' : status?.state === 'connected' ? 'good' : 'wait';
  return (
    <div role="status" className={`connection connection-${tone}`}>
      <span aria-hidden="true" className="connection-dot" />
      {link.state !== 'open' ? (
        <LinkDown link={link} />
      ) : streamError !== null ? (
        <span>Reconnecting to Berth’s engine feed: {streamError}</span>
      ) : status === null ? (
        <span>Waiting for Berth…</span>
      ) : status.state === 'connected' ? (
        <span>
          <EngineName name={name} /> Connected to {status.endpoint.url} · Docker {status.info.version}
        </span>
      ) : status.state === 'connecting' ? (
        <span>
          <EngineName name={name} /> Connecting to {status.endpoint.url}…
        </span>
      ) : (
        <span>
          <EngineName name={name} /> <EngineUnavailable engine={engine} error={status.error} retryAt={status.retryAt} />
        </span>
      )}
    </div>
  );
}

function LinkDown({ link }: { link: Exclude<LinkState, { state: 'open' }> }): ReactNode {
  const now = useNow();
  if (link.state === 'connecting' && !link.retrying) return <span>Connecting to Berth…</span>;
  const what = link.everOpened
    ? 'Lost the connection to Berth.'
    : 'Cannot reach Berth. If it is running, open it with the address it printed, including ?token=…';
  if (link.state === 'connecting') return <span>{what} Reconnecting…</span>;
  return (
    <span>
      {what} Retrying in {secondsUntil(link.retryAt, now)} s.
    </span>
  );
}

/** The engine's name first, as the switcher shows it: the address alone does not say which engine of several. */
function EngineName({ name }: { name: string }): ReactNode {
  return <strong className="connection-engine">{name}:</strong>;
}

/** Why, when Berth tries again, and a way not to wait for it (an engine the user just started). */
function EngineUnavailable({ engine, error, retryAt }: { engine: string; error: string; retryAt: number }): ReactNode {
  const now = useNow();
  const client = useBerthClient();
  const [refused, setRefused] = useState<string | null>(null);
  const seconds = secondsUntil(retryAt, now);
  const retry = () => {
    setRefused(null);
    client.call('engines.retry', { engine }).catch((reason: unknown) => setRefused(errorText(reason)));
  };
  return (
    <>
      {error} — {seconds > 0 ? `retrying in ${seconds} s` : 'retrying now…'}{' '}
      {seconds > 0 && (
        <button type="button" className="connection-retry" onClick={retry}>
          Retry now
        </button>
      )}
      {refused !== null && <span role="alert"> {refused}</span>}
    </>
  );
}

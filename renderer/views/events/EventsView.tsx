/**
 * The Events page: the engine's own event stream as a timeline, live or
 * since a chosen time (up to another), every type the engine sends, with
 * type, action, object and attributes; filtered by type, action and object
 * here and by engine with the engine menu (or the Engine choice on the
 * page); exported as JSON lines. It is the generic table over a source
 * that holds the newest events.
 */
import { useEffect, useMemo, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import type { TimelineEvent } from '#shared/events-timeline';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { useEngineId } from '../../engines/scope';
import { errorText } from '../../format/errors';
import { shortId } from '../../format/ids';
import { absoluteTime } from '../../format/time';
import { useClient } from '../../hooks/useClient';
import { paths } from '../../routes';
import { useEnginesStore } from '../../store/engineStore';
import { NO_FILTER, timelineSource, toJsonLines, type TimelineFilter } from './timelineSource';
import './events.css';

/** The types Docker's engine sends events for. */
const EVENT_TYPES = ['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'service', 'node', 'secret', 'config', 'builder'];

function attributesText(event: TimelineEvent): string {
  return Object.entries(event.attributes)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

const eventsTable: TableConfig<TimelineEvent> = {
  label: 'Events',
  noun: 'events',
  nounOne: 'event',
  empty: 'No events yet.',
  initialSort: { column: 'time', direction: 'descending' },
  minWidth: '56rem',
  columns: [
    {
      id: 'time',
      header: 'Time',
      width: '13.5rem',
      cell: (e) => <time dateTime={new Date(e.time).toISOString()}>{absoluteTime(e.time)}</time>,
      sortKey: (e) => e.timeNano.padStart(24, '0'),
      descendingFirst: true,
    },
    { id: 'type', header: 'Type', width: '6.5rem', cell: (e) => e.type, sortKey: (e) => e.type },
    { id: 'action', header: 'Action', width: '9rem', cell: (e) => e.action, sortKey: (e) => e.action },
    {
      id: 'object',
      header: 'Object',
      width: 'minmax(10rem, 2fr)',
      // A volume's id is its name; containers, images and networks have hex ids, shown short.
      cell: (e) => <span title={e.id}>{e.name ?? (/^(sha256:)?[0-9a-f]{64}$/.test(e.id) ? shortId(e.id) : e.id)}</span>,
      sortKey: (e) => e.name ?? e.id,
    },
    { id: 'attributes', header: 'Attributes', width: 'minmax(14rem, 4fr)', cell: (e) => <span className="event-attributes" title={attributesText(e)}>{attributesText(e)}</span> },
  ],
  filterText: (e) => [e.type, e.action, e.id, e.name ?? '', attributesText(e)].join(' '),
};

/** A datetime-local field's text as epoch milliseconds; undefined when empty or not a time. */
function fieldTime(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const at = new Date(text).getTime();
  return Number.isNaN(at) ? undefined : at;
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function EventsView(): ReactNode {
  const client = useClient();
  const engine = useEngineId();
  const engines = useEnginesStore((store) => store.engines);
  const source = useMemo(() => timelineSource(), []);
  const [span, setSpan] = useState<{ since?: number; until?: number }>({});
  const [sinceText, setSinceText] = useState('');
  const [untilText, setUntilText] = useState('');
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  // Whose end it is: a stream of an earlier window says nothing about this one.
  const [endOf, setEndOf] = useState<{ span: typeof span; error: string | null } | null>(null);
  const ended = endOf?.span === span ? endOf : null;
  const [notice, setNotice] = useState<string | null>(null);
  const dropped = useSyncExternalStore(source.subscribe, source.dropped);

  useEffect(() => {
    source.clear();
    return client.listen('events.timeline', span, {
      onData: ({ events, dropped: lost }) => source.add(events, lost),
      onEnd: (error) => {
        source.setState(error ? 'unavailable' : 'connected');
        setEndOf({ span, error: error ? errorText(error) : null });
      },
    });
  }, [client, source, span]);

  useEffect(() => source.setFilter(filter), [source, filter]);

  const show = (event: FormEvent): void => {
    event.preventDefault();
    const since = fieldTime(sinceText);
    const until = fieldTime(untilText);
    if (since !== undefined && until !== undefined && since > until) {
      setNotice('The start is after the end.');
      return;
    }
    setNotice(null);
    setSpan({ ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) });
  };
  const live = (): void => {
    setSinceText('');
    setUntilText('');
    setNotice(null);
    setSpan({});
  };
  const exportShown = (): void => {
    const shown = source.shown();
    download(toJsonLines(shown, engine), `berth-events-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    setNotice(`Exported ${shown.length === 1 ? '1 event' : `${shown.length} events`}.`);
  };

  const status =
    ended?.error != null
      ? `The event stream stopped: ${ended.error}`
      : ended !== null
        ? `Showing events${span.since === undefined ? '' : ` from ${absoluteTime(span.since)}`}${span.until === undefined ? '' : ` to ${absoluteTime(span.until)}`}; the stream has ended.`
        : span.since === undefined && span.until === undefined
          ? 'Live: new events appear as the engine sends them.'
          : `Since ${span.since === undefined ? 'now' : absoluteTime(span.since)}${span.until === undefined ? ', then live' : ` until ${absoluteTime(span.until)}`}.`;

  return (
    <section className="view events" aria-labelledby="events-heading">
      <h1 id="events-heading">Events</h1>
      <form className="toolbar events-window" aria-label="Time window" onSubmit={show}>
        <label>
          Since <input type="datetime-local" step={1} value={sinceText} onChange={(e) => setSinceText(e.target.value)} />
        </label>
        <label>
          Until <input type="datetime-local" step={1} value={untilText} onChange={(e) => setUntilText(e.target.value)} />
        </label>
        <button type="submit">Show</button>
        <button type="button" onClick={live}>
          Live
        </button>
      </form>
      <div className="toolbar events-filters" role="group" aria-label="Filters">
        {engines !== null && engines.length > 1 && (
          <label>
            Engine{' '}
            <select value={engine} onChange={(e) => navigate(paths.events(e.target.value))}>
              {engines.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Type{' '}
          <select value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })}>
            <option value="">All types</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action <input type="text" value={filter.action} placeholder="die, pull…" onChange={(e) => setFilter({ ...filter, action: e.target.value })} spellCheck={false} />
        </label>
        <label>
          Object <input type="text" value={filter.object} placeholder="name or id" onChange={(e) => setFilter({ ...filter, object: e.target.value })} spellCheck={false} />
        </label>
        <button type="button" onClick={exportShown}>
          Export JSON lines
        </button>
      </div>
      <p className="muted" role="status">
        {status}
        {dropped > 0 && ` ${dropped.toLocaleString()} older events were dropped to keep up.`}
        {notice && ` ${notice}`}
      </p>
      <ResourceTable config={eventsTable} source={source} />
    </section>
  );
}

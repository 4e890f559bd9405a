/**
 * The Events page: the engine's own event stream as a timeline, live or
 * since a chosen time (up to another), every type the engine sends, with
 * type, action, object and attributes; filtered by type, action and object,
 * and by engine (the engine in scope, or any others ticked beside it: one
 * stream each, merged, with an Engine column); exported as JSON lines. It
 * is the generic table over a source that holds the newest events.
 */
import { useEffect, useMemo, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { ResourceTable, type Column, type TableConfig } from '../../components/ResourceTable';
import { useEngineId } from '../../engines/scope';
import { errorText } from '../../format/errors';
import { shortId } from '../../format/ids';
import { absoluteTime } from '../../format/time';
import { useBerthClient } from '../../hooks/useClient';
import { useEnginesStore } from '../../store/engineStore';
import { NO_FILTER, timelineSource, toJsonLines, type EngineEvent, type TimelineFilter } from './timelineSource';
import './events.css';

/** The types Docker's engine sends events for. */
const EVENT_TYPES = ['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'service', 'node', 'secret', 'config', 'builder'];

function attributesText(event: EngineEvent): string {
  return Object.entries(event.attributes)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

const COLUMNS: readonly Column<EngineEvent>[] = [
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
];

function eventsTable(engineName: (id: string) => string, several: boolean): TableConfig<EngineEvent> {
  const engineColumn: Column<EngineEvent> = { id: 'engine', header: 'Engine', width: '8rem', cell: (e) => engineName(e.engine), sortKey: (e) => engineName(e.engine) };
  return {
    label: 'Events',
    noun: 'events',
    nounOne: 'event',
    empty: 'No events yet.',
    initialSort: { column: 'time', direction: 'descending' },
    minWidth: '56rem',
    columns: several ? [COLUMNS[0]!, engineColumn, ...COLUMNS.slice(1)] : COLUMNS,
    filterText: (e) => [e.type, e.action, e.id, e.name ?? '', attributesText(e), several ? engineName(e.engine) : ''].join(' '),
  };
}

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

type Span = { since?: number; until?: number };

export function EventsView(): ReactNode {
  const berth = useBerthClient();
  const engine = useEngineId();
  const known = useEnginesStore((store) => store.engines);
  const source = useMemo(() => timelineSource(), []);
  const [span, setSpan] = useState<Span>({});
  const [sinceText, setSinceText] = useState('');
  const [untilText, setUntilText] = useState('');
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  // The engines shown beside the one in scope; another engine in scope starts from itself alone.
  const [picked, setPicked] = useState<{ scope: string; engines: readonly string[] }>({ scope: engine, engines: [engine] });
  const engines = picked.scope === engine ? picked.engines : [engine];
  const enginesKey = engines.join('\n');
  // Whose ends they are: the streams of an earlier window or engine set say nothing about these.
  const [endsOf, setEndsOf] = useState<{ span: Span; enginesKey: string; ends: Readonly<Record<string, string | null>> }>({ span, enginesKey, ends: {} });
  const ends = endsOf.span === span && endsOf.enginesKey === enginesKey ? endsOf.ends : {};
  const [notice, setNotice] = useState<string | null>(null);
  const dropped = useSyncExternalStore(source.subscribe, source.dropped);

  useEffect(() => {
    source.clear();
    const closes = enginesKey.split('\n').map((id) =>
      berth.engine(id).listen('events.timeline', span, {
        onData: ({ events, dropped: lost }) => source.add(id, events, lost),
        onEnd: (error) => {
          if (error) source.setState('unavailable');
          setEndsOf((was) => {
            const base = was.span === span && was.enginesKey === enginesKey ? was.ends : {};
            return { span, enginesKey, ends: { ...base, [id]: error ? errorText(error) : null } };
          });
        },
      }),
    );
    return () => {
      for (const close of closes) close();
    };
  }, [berth, source, span, enginesKey]);

  useEffect(() => source.setFilter(filter), [source, filter]);

  const nameOf = useMemo(() => {
    const names = new Map((known ?? []).map((e) => [e.id, e.name]));
    return (id: string) => names.get(id) ?? id;
  }, [known]);
  const config = useMemo(() => eventsTable(nameOf, enginesKey.includes('\n')), [nameOf, enginesKey]);

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
  const toggleEngine = (id: string, on: boolean): void => {
    const next = on ? [...engines, id] : engines.filter((e) => e !== id);
    if (next.length > 0) setPicked({ scope: engine, engines: next });
  };
  const exportShown = (): void => {
    const shown = source.shown();
    download(toJsonLines(shown), `berth-events-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    setNotice(`Exported ${shown.length === 1 ? '1 event' : `${shown.length} events`}.`);
  };

  const failures = Object.entries(ends).filter((entry): entry is [string, string] => entry[1] !== null);
  const allEnded = engines.every((id) => id in ends);
  const range = `${span.since === undefined ? '' : ` from ${absoluteTime(span.since)}`}${span.until === undefined ? '' : ` to ${absoluteTime(span.until)}`}`;
  const status =
    failures.length > 0
      ? failures.map(([id, error]) => `The event stream of ${nameOf(id)} stopped: ${error}`).join(' ')
      : allEnded
        ? `Showing events${range}; the stream has ended.`
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
      {known !== null && known.length > 1 && (
        <div className="toolbar" role="group" aria-label="Engines">
          <span className="muted">Engines</span>
          {known.map((e) => (
            <label key={e.id} className="dialog-check">
              <input type="checkbox" checked={engines.includes(e.id)} disabled={engines.length === 1 && engines[0] === e.id} onChange={(event) => toggleEngine(e.id, event.target.checked)} />
              {e.name}
            </label>
          ))}
        </div>
      )}
      <div className="toolbar events-filters" role="group" aria-label="Filters">
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
      <ResourceTable config={config} source={source} />
    </section>
  );
}

/**
 * The events a timeline holds, as a row source for the generic table: the
 * newest MAX_EVENTS of the stream (older ones are dropped and counted), and
 * the type, action and object filters applied over them. Export writes the
 * events the filters let through as JSON lines. Pure: no React.
 */
import type { TimelineEvent } from '#shared/events-timeline';
import type { RowSource, Rows, SourceState } from '../../table/source';

/** What the page keeps: a day of a busy engine's events is more than anyone scrolls. */
export const MAX_EVENTS = 20_000;

export interface TimelineFilter {
  /** An event type, or '' for every type. */
  type: string;
  /** An action ("die"), matching "health_status" and "health_status: healthy" alike by its verb; '' for every action. */
  action: string;
  /** Part of the object's id or name, any case; '' for every object. */
  object: string;
}

export const NO_FILTER: TimelineFilter = { type: '', action: '', object: '' };

export function matches(event: TimelineEvent, filter: TimelineFilter): boolean {
  if (filter.type !== '' && event.type !== filter.type) return false;
  const action = filter.action.trim();
  if (action !== '' && event.action !== action && !event.action.startsWith(`${action}:`)) return false;
  const object = filter.object.trim().toLowerCase();
  return object === '' || event.id.toLowerCase().includes(object) || (event.name?.toLowerCase().includes(object) ?? false);
}

/** One event per line, as the engine would say it plus Berth's engine id. */
export function toJsonLines(events: readonly TimelineEvent[], engine: string): string {
  return events.map(({ key: _key, ...event }) => `${JSON.stringify({ engine, ...event })}\n`).join('');
}

export interface TimelineSource extends RowSource<TimelineEvent> {
  add(events: readonly TimelineEvent[], dropped: number): void;
  setFilter(filter: TimelineFilter): void;
  setState(state: SourceState): void;
  clear(): void;
  /** The events the filter lets through, oldest first. */
  shown(): TimelineEvent[];
  /** Events dropped: by the sender (no credit) and by this page (over MAX_EVENTS). */
  dropped(): number;
}

export function timelineSource(): TimelineSource {
  const byId = new Map<string, TimelineEvent>();
  const listeners = new Set<() => void>();
  let filter = NO_FILTER;
  let state: SourceState = 'loading';
  let dropped = 0;
  let rows: Rows<TimelineEvent> = { ids: [], byId };
  const changed = (): void => {
    const ids: string[] = [];
    for (const [key, event] of byId) if (matches(event, filter)) ids.push(key);
    rows = { ids, byId };
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rows: () => rows,
    state: () => state,
    add(events, lost) {
      for (const event of events) byId.set(event.key, event);
      dropped += lost;
      // A Map iterates in insertion order: the first keys are the oldest.
      for (const key of byId.keys()) {
        if (byId.size <= MAX_EVENTS) break;
        byId.delete(key);
        dropped++;
      }
      state = 'connected';
      changed();
    },
    setFilter(next) {
      filter = next;
      changed();
    },
    setState(next) {
      state = next;
      changed();
    },
    clear() {
      byId.clear();
      dropped = 0;
      state = 'loading';
      changed();
    },
    shown: () => rows.ids.map((id) => byId.get(id)!),
    dropped: () => dropped,
  };
}

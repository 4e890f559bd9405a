/**
 * The timeline's events on their way to one receiver: the engine's JSON
 * made into the contract's shape, and a bounded batch that goes out when
 * the receiver has credit. Without credit only the newest MAX_PENDING_EVENTS
 * wait; the next message says how many older ones were dropped. Pure.
 */
import { MAX_PENDING_EVENTS, type TimelineEvent } from '#shared/events-timeline';
import type { EngineEvent } from '../events';

interface EngineEventJson extends EngineEvent {
  scope?: string;
  /** Older engines' fields, before Type/Actor. */
  id?: string;
  status?: string;
}

/** The engine's event as the timeline shows it; null for a line that is no event. */
export function timelineEvent(json: EngineEventJson, sequence: number): TimelineEvent | null {
  const type = json.Type;
  const action = json.Action ?? json.status;
  const id = json.Actor?.ID ?? json.id;
  if (typeof type !== 'string' || typeof action !== 'string' || typeof id !== 'string') return null;
  const nanos = typeof json.timeNano === 'number' ? BigInt(Math.trunc(json.timeNano)) : BigInt(Math.trunc(json.time ?? 0)) * 1_000_000_000n;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(json.Actor?.Attributes ?? {})) if (typeof value === 'string') attributes[key] = value;
  return {
    key: `${nanos}-${sequence}`,
    time: Number(nanos / 1_000_000n),
    timeNano: String(nanos),
    type,
    action,
    id,
    name: attributes.name ?? null,
    scope: json.scope ?? null,
    attributes,
  };
}

export class EventBatch {
  private pending: TimelineEvent[] = [];
  private dropped = 0;

  add(event: TimelineEvent): void {
    this.pending.push(event);
    if (this.pending.length > MAX_PENDING_EVENTS) {
      const over = this.pending.length - MAX_PENDING_EVENTS;
      this.pending.splice(0, over);
      this.dropped += over;
    }
  }

  get size(): number {
    return this.pending.length;
  }

  /** What the next message says, or null when there is nothing to say; the batch is empty after. */
  take(): { events: TimelineEvent[]; dropped: number } | null {
    if (this.pending.length === 0 && this.dropped === 0) return null;
    const message = { events: this.pending, dropped: this.dropped };
    this.pending = [];
    this.dropped = 0;
    return message;
  }
}

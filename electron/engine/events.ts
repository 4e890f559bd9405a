/**
 * Engine events → what to do about them. Each event names one object; Berth
 * either removes it (the event says it is gone) or re-reads that one object.
 * Which actions mean which is each kind's declaration (shared/kinds.ts);
 * events that change nothing Berth shows (exec, attach, mount, connect, …)
 * are ignored, so they cost no engine call. Pure and unit-tested.
 */
import { KIND_NAMES, KINDS, type ResourceKind } from '#shared/kinds';

export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

export interface EventTarget {
  kind: ResourceKind;
  /** What the event names: an id, or for image pulls a reference such as "busybox:latest". */
  ref: string;
  op: 'refresh' | 'remove';
}

/** "health_status: healthy" and "exec_start: sh" carry details after a colon. */
function verb(action: string): string {
  const colon = action.indexOf(':');
  return colon === -1 ? action : action.slice(0, colon);
}

/** Each kind's event wording (shared/kinds.ts), by the event `Type` that names it. */
const BY_EVENT_TYPE = new Map(
  KIND_NAMES.map((kind) => {
    const { type, remove, refresh } = KINDS[kind].events;
    return [type, { kind, remove: new Set(remove), refresh: new Set(refresh) }] as const;
  }),
);

/** The event types Berth follows: the engine is asked for these only. */
export const EVENT_TYPES = [...BY_EVENT_TYPE.keys()];

export function eventTarget(event: EngineEvent): EventTarget | null {
  const ref = event.Actor?.ID;
  if (!ref || !event.Action || event.Type === undefined) return null;
  const wording = BY_EVENT_TYPE.get(event.Type);
  if (wording === undefined) return null;
  const action = verb(event.Action);
  if (wording.remove.has(action)) return { kind: wording.kind, ref, op: 'remove' };
  return wording.refresh.has(action) ? { kind: wording.kind, ref, op: 'refresh' } : null;
}

/** The event's time as the `since` argument the engine takes ("seconds.nanoseconds"). */
export function eventSince(event: EngineEvent): string | undefined {
  if (typeof event.timeNano === 'number' && event.timeNano > 0) {
    const nanos = BigInt(Math.trunc(event.timeNano));
    const seconds = nanos / 1_000_000_000n;
    const rest = (nanos % 1_000_000_000n).toString().padStart(9, '0');
    return `${seconds}.${rest}`;
  }
  return typeof event.time === 'number' ? String(event.time) : undefined;
}

/** Epoch milliseconds as the engine's `since`/`until`: "seconds.fraction". */
export function engineTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

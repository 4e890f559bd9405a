/**
 * Engine events → what to do about them. Each event names one object; Berth
 * either removes it (the event says it is gone) or re-reads that one object.
 * Events that change nothing Berth shows (exec, attach, mount, connect, …)
 * are ignored, so they cost no engine call. Pure and unit-tested.
 */
import type { ResourceKind } from '#shared/model';

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

const containerRefresh = new Set([
  'create',
  'start',
  'restart',
  'stop',
  'die',
  'kill',
  'oom',
  'pause',
  'unpause',
  'rename',
  'update',
  'health_status',
]);
const imageRefresh = new Set(['pull', 'push', 'tag', 'untag', 'import', 'load', 'save', 'build', 'create']);

/** "health_status: healthy" and "exec_start: sh" carry details after a colon. */
function verb(action: string): string {
  const colon = action.indexOf(':');
  return colon === -1 ? action : action.slice(0, colon);
}

export function eventTarget(event: EngineEvent): EventTarget | null {
  const ref = event.Actor?.ID;
  if (!ref || !event.Action) return null;
  const action = verb(event.Action);
  switch (event.Type) {
    case 'container':
      // Podman's Docker-compatible API says `remove` where Docker says `destroy`.
      if (action === 'destroy' || action === 'remove') return { kind: 'container', ref, op: 'remove' };
      return containerRefresh.has(action) ? { kind: 'container', ref, op: 'refresh' } : null;
    case 'image':
      if (action === 'delete') return { kind: 'image', ref, op: 'remove' };
      return imageRefresh.has(action) ? { kind: 'image', ref, op: 'refresh' } : null;
    case 'volume':
      if (action === 'destroy') return { kind: 'volume', ref, op: 'remove' };
      return action === 'create' ? { kind: 'volume', ref, op: 'refresh' } : null;
    case 'network':
      if (action === 'destroy' || action === 'remove') return { kind: 'network', ref, op: 'remove' };
      return action === 'create' || action === 'update' ? { kind: 'network', ref, op: 'refresh' } : null;
    default:
      return null;
  }
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

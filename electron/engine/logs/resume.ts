/**
 * Where a follow read of a container's log resumes, and which of its lines
 * were shown already. The engine's `since` is a time, and inclusive. Each
 * stream's lines come in time order, but stdout's and stderr's interleave in
 * the log out of time order: each stream's copier stamps a line when it reads
 * it. Resuming at the time of the last line read, whichever stream it was on,
 * showed the other stream's later-stamped lines twice (seen in CI: four
 * stdout lines again after a stderr line stamped before them). So the last
 * time is kept per stream, and a line is new when it is later than the last
 * one shown of its own stream.
 */
import type { LogStreamKind } from './demux';

/** An engine time to the nanosecond: whole epoch ms, and nanoseconds past it. */
export interface ExactTime {
  ts: number;
  nanos: number;
}

/**
 * How much earlier than the last line shown a follow read starts. A line
 * written after the history was read may be stamped a little before that
 * last line when it is on the other stream; its own stream's last time
 * then weeds out what was shown.
 */
const STREAM_SKEW_MS = 1000;

/** The engine's "seconds.nanoseconds" for `since`. */
export function sinceOf(time: ExactTime): string {
  const seconds = Math.floor(time.ts / 1000);
  const ns = (time.ts - seconds * 1000) * 1e6 + time.nanos;
  return `${seconds}.${String(ns).padStart(9, '0')}`;
}

function compareTime(a: ExactTime, b: ExactTime): number {
  return a.ts - b.ts || a.nanos - b.nanos;
}

type StampedLine = ExactTime & { stream: LogStreamKind };

export class ResumePoint {
  private readonly last = new Map<LogStreamKind, ExactTime>();

  /** A line was shown. */
  shown(line: StampedLine): void {
    const last = this.last.get(line.stream);
    if (!last || compareTime(line, last) > 0) this.last.set(line.stream, { ts: line.ts, nanos: line.nanos });
  }

  /** For a read resumed from here: whether a line it brings is one not shown yet. */
  newSince(): (line: StampedLine) => boolean {
    const shownUpTo = new Map(this.last);
    return (line) => {
      const last = shownUpTo.get(line.stream);
      return !last || compareTime(line, last) > 0;
    };
  }

  /**
   * The `since` to resume at, never before `floorSeconds` (the user's own
   * `since`, epoch seconds); undefined when no line was shown yet.
   */
  since(floorSeconds?: number): string | undefined {
    let latest: ExactTime | undefined;
    for (const time of this.last.values()) if (!latest || compareTime(time, latest) > 0) latest = time;
    if (!latest) return undefined;
    const from = { ts: latest.ts - STREAM_SKEW_MS, nanos: latest.nanos };
    if (floorSeconds === undefined) return sinceOf(from);
    const floorMs = floorSeconds * 1000;
    const floor = { ts: Math.floor(floorMs), nanos: Math.round((floorMs - Math.floor(floorMs)) * 1e6) };
    return sinceOf(compareTime(from, floor) < 0 ? floor : from);
  }
}

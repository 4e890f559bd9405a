/**
 * What the log view says in words: the stream's state line, the match count,
 * the read options checked before a new session opens, and the pattern its
 * lines are marked with. Pure, so that each rule is tested on its own.
 */
import { compileLogPattern, type LogPattern } from '#shared/log-pattern';
import type { LogOpenOptions, LogStreamMessage } from '#shared/logs';

/** What main last said of the log as a whole. */
export type LogInfo = Extract<LogStreamMessage, { type: 'update' }>;

export function stateText(info: LogInfo): string {
  const restarts = info.restarts ? ` · restarted ${info.restarts}×` : '';
  const disk = info.spilledBytes ? ` · ${(info.spilledBytes / 1e6).toFixed(0)} MB on disk` : '';
  switch (info.state) {
    case 'loading':
      // The detail says when the end of the log is shown ahead of the rest.
      return `${info.detail}${restarts}`;
    case 'following':
      return `following${restarts}${disk}`;
    case 'waiting':
      return `${info.detail}${restarts}${disk}`;
    case 'ended':
      return `${info.detail}${restarts}${disk}`;
  }
}

/** The status line: the stream's end, or its size and state, or that it is still opening. */
export function statusText(info: LogInfo | null, streamError: string | null): string {
  if (streamError) return `Log stream ended: ${streamError}`;
  return info ? `${info.total.toLocaleString()} lines · ${stateText(info)}` : 'Opening…';
}

/** "3 of 120": the match gone to, of all; "so far" while only the end of the log is read. */
export function matchCountText(count: number, index: number, loading: boolean): string {
  const where = count === 0 ? 'No matches' : `${(Math.min(index, count - 1) + 1).toLocaleString()} of ${count.toLocaleString()}`;
  return `${where}${loading ? ' so far' : ''}`;
}

function toEpochSeconds(local: string): number | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** The read options as typed (tail, and since/until as local date-times), or why they cannot be read. */
export function openOptionsFrom(typed: { tail: string; since: string; until: string }): { options: LogOpenOptions } | { problem: string } {
  const tail = typed.tail.trim() === '' ? undefined : Number(typed.tail);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) return { problem: 'Tail must be a whole number of lines, or empty for all.' };
  const since = toEpochSeconds(typed.since);
  const until = toEpochSeconds(typed.until);
  if (since !== undefined && until !== undefined && until <= since) return { problem: '“Until” must be after “since”.' };
  return { options: { follow: true, ...(tail !== undefined && { tail }), ...(since !== undefined && { since }), ...(until !== undefined && { until }) } };
}

/** The search as main runs it, for marking its matches; none while it is not a pattern main would run (main's answer says why). */
export function highlightPattern(text: string, regex: boolean, caseSensitive: boolean): LogPattern | null {
  if (!text) return null;
  try {
    return compileLogPattern({ text, regex, caseSensitive });
  } catch {
    return null;
  }
}

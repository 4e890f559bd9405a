/**
 * Logging what clients send, safely. Anything a client names (a request
 * name, a reason) is escaped before it reaches the terminal: an escape
 * sequence in a log line could recolour it, rewrite earlier lines, set the
 * window title or, on some terminals, answer back. And a client that sends
 * garbage in a loop must not flood the log, so each log keeps to a budget of
 * lines per interval and says once how many it held back.
 */

/**
 * `value` as one line of inert text: C0 and C1 controls (newlines too), DEL,
 * line and paragraph separators and bidi overrides become `\xNN` /
 * `\uNNNN`, the backslash is doubled, and the result is cut at `max`
 * characters.
 */
export function escapeForLog(value: unknown, max = 200): string {
  const text = String(value);
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return cut.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    if (char === '\\') return '\\\\';
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface LimitedLogOptions {
  /** Lines shown per interval; the rest are counted. */
  max: number;
  intervalMs: number;
  write(line: string): void;
  now?(): number;
}

/**
 * A log that shows at most `max` lines per interval. The first line over the
 * budget is replaced by one notice that the rest are held back; the first
 * line of a later interval is preceded by how many were. No timer: it
 * decides when a line arrives, so a test drives it with its own clock.
 */
export function createLimitedLog(options: LimitedLogOptions): (line: string) => void {
  const now = options.now ?? Date.now;
  let windowStart = -Infinity;
  let shown = 0;
  let held = 0;
  return (line) => {
    const at = now();
    if (at - windowStart >= options.intervalMs) {
      if (held > 0) options.write(`berth: ${held} more such line${held === 1 ? '' : 's'} not shown`);
      windowStart = at;
      shown = 0;
      held = 0;
    }
    if (shown < options.max) {
      shown++;
      options.write(line);
      return;
    }
    if (held === 0) options.write(`berth: too many such lines; holding back the rest for up to ${Math.round(options.intervalMs / 1000)} s`);
    held++;
  };
}

/** The one log of what clients got wrong (malformed messages, dropped posts), shared by every connection. */
export const warnClientError = createLimitedLog({ max: 20, intervalMs: 10_000, write: (line) => console.warn(line) });

const errorLog = createLimitedLog({ max: 20, intervalMs: 10_000, write: (line) => console.error(line) });

/** An error nothing else caught (the last-resort handlers): logged, stack and all, on one escaped line. */
export function logUnexpected(context: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  errorLog(`berth: ${context}, and Berth keeps running: ${escapeForLog(detail, 4000)}`);
}

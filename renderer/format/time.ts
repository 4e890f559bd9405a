/**
 * Durations and moments in words. `humanDuration` follows the Docker CLI
 * (go-units HumanDuration) exactly so Berth's status column reads like
 * `docker ps`; `relativeTime` uses the platform's own phrasing for dates.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / SECOND);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / HOUR + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / DAY / 365)} years`;
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * Intl's formatters cost tens of microseconds a call, and every visible row
 * formats its times on each clock tick and each update (a storm of events
 * re-renders dozens of rows at once); the answers repeat, so they are kept.
 * Both caches are small: a few hundred phrases, one entry per moment shown.
 */
const MAX_CACHED = 10_000;
function cached<K>(cache: Map<K, string>, key: K, make: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    text = make();
    cache.set(key, text);
  }
  return text;
}

const relativePhrases = new Map<string, string>();
function relativePhrase(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  return cached(relativePhrases, `${value} ${unit}`, () => relativeFormat.format(value, unit));
}

/** "3 minutes ago", "yesterday", "now": the largest whole unit, as the platform says it. */
export function relativeTime(at: number, now: number): string {
  const delta = at - now;
  const size = Math.abs(delta);
  for (const [unit, length] of UNITS) {
    if (size >= length) return relativePhrase(Math.trunc(delta / length), unit);
  }
  return relativePhrase(0, 'second');
}

const absoluteFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });
const absoluteTimes = new Map<number, string>();

/** The exact moment, for tooltips and detail pages. */
export function absoluteTime(at: number): string {
  return cached(absoluteTimes, at, () => absoluteFormat.format(at));
}

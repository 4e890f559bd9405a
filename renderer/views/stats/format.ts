/**
 * How stats read on screen, kept pure (and unit tested): units as the docker
 * CLI prints them (binary for memory, decimal for traffic), per-second rates
 * from cumulative counters, and a one-line summary of a chart for people who
 * cannot see it.
 */
import prettyBytes from 'pretty-bytes';
import type { StatsSample } from '#shared/stats';

export function formatPercent(value: number | null): string {
  if (value === null) return '—';
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** Memory in binary units, as `docker stats` shows it ("52.4 MiB"). */
export function formatMemory(bytes: number): string {
  return prettyBytes(bytes, { binary: true, maximumFractionDigits: 1 });
}

/** Traffic and disk I/O in decimal units, as `docker stats` shows them ("1.09 kB"). */
export function formatBytes(bytes: number): string {
  return prettyBytes(bytes, { maximumFractionDigits: 1 });
}

export function formatRate(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '—' : `${formatBytes(bytesPerSecond)}/s`;
}

/**
 * Bytes a second between consecutive samples of a cumulative counter; null
 * for the first, and when the counter went down (the container restarted
 * and its counters began again).
 */
export function rates(samples: readonly StatsSample[], counter: (s: StatsSample) => number): (number | null)[] {
  return samples.map((sample, i) => {
    const before = samples[i - 1];
    if (before === undefined) return null;
    const seconds = (sample.at - before.at) / 1000;
    const delta = counter(sample) - counter(before);
    return seconds > 0 && delta >= 0 ? delta / seconds : null;
  });
}

/** "over the last 2 min: low 0.5%, high 101%, now 99.3%", for a chart's accessible name. */
export function summarise(values: readonly (number | null)[], spanMs: number, format: (value: number) => string): string {
  const known = values.filter((v): v is number => v !== null);
  const last = known.at(-1);
  if (last === undefined) return 'no readings yet';
  const span = spanMs >= 90_000 ? `${Math.round(spanMs / 60_000)} min` : `${Math.max(1, Math.round(spanMs / 1000))} s`;
  return `over the last ${span}: low ${format(Math.min(...known))}, high ${format(Math.max(...known))}, now ${format(last)}`;
}

/** "of one core (this host has 4 cores, so up to 400%)": says what the figure is a percentage of. */
export function cpuScopeText(sample: Pick<StatsSample, 'cpuScope' | 'onlineCpus'>, hostCpus: number | null): string {
  if (sample.cpuScope === 'host') return 'of the whole host';
  const cores = hostCpus ?? sample.onlineCpus;
  if (cores <= 0) return 'of one core';
  return `of one core (this host has ${cores} ${cores === 1 ? 'core' : 'cores'}, so up to ${cores * 100}%)`;
}

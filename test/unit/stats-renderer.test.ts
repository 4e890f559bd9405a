/**
 * How stats read on screen: units as docker stats prints them, rates from
 * cumulative counters (a restart resets them), the words a chart is
 * summarised in, what a CPU figure is a percentage of, and the chart path.
 */
import { describe, expect, it } from 'vitest';
import type { StatsSample } from '#shared/stats';
import {
  cpuScopeText,
  formatBytes,
  formatMemory,
  formatPercent,
  rates,
  summarise,
} from '../../renderer/views/stats/format';
import { linePath } from '../../renderer/views/stats/Sparkline';

function sample(at: number, netRx: number): StatsSample {
  return {
    at,
    cpuPercent: null,
    cpuScope: 'core',
    onlineCpus: 2,
    memoryUsed: 0,
    memoryLimit: 0,
    memoryPercent: null,
    netRx,
    netTx: 0,
    blockRead: 0,
    blockWrite: 0,
    pids: null,
  };
}

describe('stats formatting', () => {
  it('prints memory in binary units and traffic in decimal ones, like docker stats', () => {
    expect(formatMemory(52.4 * 2 ** 20)).toBe('52.4 MiB');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(2_000_000)).toBe('2 MB');
    expect(formatPercent(99.3292)).toBe('99.3%');
    expect(formatPercent(150.4)).toBe('150%');
    expect(formatPercent(null)).toBe('—');
  });

  it('rates per second between samples; none for the first or across a counter reset', () => {
    const samples = [sample(0, 0), sample(2000, 1000), sample(3000, 1500), sample(4000, 100)];
    expect(rates(samples, (s) => s.netRx)).toEqual([null, 500, 500, null]);
  });

  it('summarises a chart in words for its accessible name', () => {
    expect(summarise([null, 1, 5, 3], 120_000, (v) => `${v}%`)).toBe('over the last 2 min: low 1%, high 5%, now 3%');
    expect(summarise([2], 3_000, String)).toBe('over the last 3 s: low 2, high 2, now 2');
    expect(summarise([null], 0, String)).toBe('no readings yet');
  });

  it('says what CPU % is a percentage of', () => {
    expect(cpuScopeText({ cpuScope: 'core', onlineCpus: 2 }, 4)).toBe('of one core (this host has 4 cores, so up to 400%)');
    expect(cpuScopeText({ cpuScope: 'core', onlineCpus: 1 }, null)).toBe('of one core (this host has 1 core, so up to 100%)');
    expect(cpuScopeText({ cpuScope: 'host', onlineCpus: 8 }, 8)).toBe('of the whole host');
  });

  it('draws the newest sample at the right edge and breaks the line at gaps', () => {
    expect(linePath([0, 50, null, 100], 4, 100)).toBe('M0.0 47.0L80.0 24.0M240.0 1.0');
    // Fewer samples than the width holds: they fill from the right.
    expect(linePath([100], 3, 100)).toBe('M240.0 1.0');
  });
});

/**
 * The docker CLI's stats formulas on real payloads: cgroup v1 ones captured
 * from this machine's engine (Docker 20.10, 2 CPUs), a cgroup v2 one written
 * from the Engine API's documented shape, and a stopped container's zeros.
 * Expected figures are worked out by hand from the payloads' numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blockIo,
  cpuPercent,
  memoryUsed,
  networkTotals,
  onlineCpus,
  rowFromSnapshots,
  sampleFromStats,
  type StatsJson,
} from '../../electron/engine/stats/formulas';
import { StatsSampleSchema } from '#shared/stats';

const fixture = (name: string): StatsJson =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as StatsJson;

describe('a busy container on cgroup v1 (captured, stream=false)', () => {
  const json = fixture('stats-v1-busy.json');
  const sample = sampleFromStats(json);

  it('CPU % from precpu: Δusage 911190490 / Δsystem 1800000000000 × 2 cpus × 100', () => {
    expect(sample.cpuPercent).toBeCloseTo(101.2434, 3);
    expect(sample.cpuScope).toBe('core');
    expect(sample.onlineCpus).toBe(2);
  });

  it('memory used drops total_inactive_file (20848640 − 19456000), % of the limit', () => {
    expect(sample.memoryUsed).toBe(1_392_640);
    expect(sample.memoryLimit).toBe(25_276_510_208);
    expect(sample.memoryPercent).toBeCloseTo(0.0055096, 6);
  });

  it('network, pids, an empty blkio, and the read time', () => {
    expect([sample.netRx, sample.netTx]).toEqual([1016, 0]);
    expect(sample.pids).toBe(1);
    expect([sample.blockRead, sample.blockWrite]).toEqual([0, 0]);
    expect(sample.at).toBe(Date.parse(json.read!));
    expect(StatsSampleSchema.safeParse(sample).success).toBe(true);
  });
});

describe('two one-shot snapshots (captured, a second apart)', () => {
  const a = fixture('stats-v1-oneshot-a.json');
  const b = fixture('stats-v1-oneshot-b.json');

  it('a one-shot alone has no CPU figure: its precpu is empty', () => {
    expect(a.precpu_stats?.system_cpu_usage).toBeUndefined();
    expect(sampleFromStats(a).cpuPercent).toBeNull();
    expect(rowFromSnapshots('x', a, undefined).cpuPercent).toBeNull();
  });

  it('CPU from the two: Δ993292483 / Δ2000000000000 × 2 × 100', () => {
    const row = rowFromSnapshots('x', b, a);
    expect(row.cpuPercent).toBeCloseTo(99.3292, 3);
    expect(row.memoryUsed).toBe(1_392_640);
    expect(row.id).toBe('x');
  });
});

describe('cgroup v2 (documented shape)', () => {
  const sample = sampleFromStats(fixture('stats-v2-documented.json'));

  it('CPU: Δ1.5e9 / Δ4e9 × 4 cpus × 100 = 150 (one core and a half)', () => {
    expect(sample.cpuPercent).toBeCloseTo(150, 9);
    expect(sample.onlineCpus).toBe(4);
  });

  it('memory used drops inactive_file (73400320 − 16777216)', () => {
    expect(sample.memoryUsed).toBe(56_623_104);
    expect(sample.memoryPercent).toBeCloseTo(10.546875, 9);
  });

  it('sums network over interfaces and block I/O over devices (lower-case ops)', () => {
    expect([sample.netRx, sample.netTx]).toEqual([2000, 1000]);
    expect([sample.blockRead, sample.blockWrite]).toEqual([5_000_000, 1_048_576]);
    expect(sample.pids).toBe(7);
  });
});

describe('edges of the formulas', () => {
  it('cgroup v1 block I/O: "Read"/"Write" counted, "Sync", "Async", "Total" not', () => {
    const entries = [
      { major: 8, minor: 0, op: 'Read', value: 100 },
      { major: 8, minor: 0, op: 'Write', value: 40 },
      { major: 8, minor: 0, op: 'Sync', value: 140 },
      { major: 8, minor: 0, op: 'Async', value: 0 },
      { major: 8, minor: 0, op: 'Total', value: 140 },
      { major: 253, minor: 1, op: 'Read', value: 1 },
    ];
    expect(blockIo({ io_service_bytes_recursive: entries })).toEqual({ read: 101, write: 40 });
    expect(blockIo({ io_service_bytes_recursive: null })).toEqual({ read: 0, write: 0 });
  });

  it('CPU is 0 when either delta is not positive, and online cpus fall back to percpu_usage', () => {
    const prev = { cpu_usage: { total_usage: 10 }, system_cpu_usage: 1000 };
    expect(cpuPercent(prev, { cpu_usage: { total_usage: 10 }, system_cpu_usage: 2000, online_cpus: 2 })).toBe(0);
    expect(cpuPercent(prev, { cpu_usage: { total_usage: 20 }, system_cpu_usage: 1000, online_cpus: 2 })).toBe(0);
    const noOnline = { cpu_usage: { total_usage: 60, percpu_usage: [1, 2, 3] }, system_cpu_usage: 1100 };
    expect(onlineCpus(noOnline)).toBe(3);
    expect(cpuPercent(prev, noOnline)).toBeCloseTo(150, 9); // 50 / 100 × 3 × 100
  });

  it('memory: inactive cache is subtracted only when smaller than usage; v1 falls through to inactive_file', () => {
    expect(memoryUsed({ usage: 100, stats: { total_inactive_file: 100, inactive_file: 30 } })).toBe(70);
    expect(memoryUsed({ usage: 100, stats: { inactive_file: 150 } })).toBe(100);
    expect(memoryUsed({ usage: 100, stats: {} })).toBe(100);
    expect(memoryUsed(undefined)).toBe(0);
  });

  it('no networks (network "none") is zero traffic', () => {
    expect(networkTotals(undefined)).toEqual({ rx: 0, tx: 0 });
  });

  it("a stopped container's payload (captured) gives zeros, no limit, no pids", () => {
    const sample = sampleFromStats(fixture('stats-stopped.json'));
    expect(sample).toMatchObject({ cpuPercent: null, memoryUsed: 0, memoryLimit: 0, memoryPercent: null, pids: null, onlineCpus: 0 });
    expect(StatsSampleSchema.safeParse(sample).success).toBe(true);
  });
});

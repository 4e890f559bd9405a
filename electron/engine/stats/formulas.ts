/**
 * The docker CLI's own formulas (cli/command/container/stats_helpers.go), as
 * pure functions of the engine's stats payload, so that Berth shows what
 * `docker stats` shows. Every field may be missing: a stopped container's
 * payload is mostly zeros and empty objects, and cgroup v1 and v2 differ.
 */
import type { StatsRow, StatsSample } from '#shared/stats';

export interface CpuStatsJson {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null } | null;
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface BlkioEntryJson {
  major?: number;
  minor?: number;
  op?: string;
  value?: number;
}

/** GET /containers/{id}/stats, one JSON object (a line of the stream). */
export interface StatsJson {
  read?: string;
  preread?: string;
  id?: string;
  pids_stats?: { current?: number; limit?: number } | null;
  blkio_stats?: { io_service_bytes_recursive?: BlkioEntryJson[] | null } | null;
  cpu_stats?: CpuStatsJson | null;
  precpu_stats?: CpuStatsJson | null;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> | null } | null;
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }> | null;
}

/** CPUs the container could use: `online_cpus`, else the length of `percpu_usage` (older kernels). */
export function onlineCpus(cpu: CpuStatsJson | null | undefined): number {
  const online = cpu?.online_cpus ?? 0;
  if (online > 0) return online;
  return cpu?.cpu_usage?.percpu_usage?.length ?? 0;
}

/**
 * CPU % = Δ total_usage / Δ system_cpu_usage × online cpus × 100, when both
 * deltas are positive (else 0, as the CLI shows). A sum over cores: 200% is
 * two cores busy. Null when there is no earlier reading to compare with.
 */
export function cpuPercent(previous: CpuStatsJson | null | undefined, current: CpuStatsJson | null | undefined): number | null {
  const prevSystem = previous?.system_cpu_usage;
  if (prevSystem === undefined || prevSystem === 0) return null;
  const cpuDelta = (current?.cpu_usage?.total_usage ?? 0) - (previous?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (current?.system_cpu_usage ?? 0) - prevSystem;
  if (systemDelta > 0 && cpuDelta > 0) return (cpuDelta / systemDelta) * onlineCpus(current) * 100;
  return 0;
}

/**
 * Memory used = usage − inactive page cache: `total_inactive_file` on
 * cgroup v1 (its presence says v1), `inactive_file` on v2, subtracted only
 * when smaller than usage.
 */
export function memoryUsed(memory: StatsJson['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined) {
    if (v1 < usage) return usage - v1;
  }
  const v2 = stats.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

/** used / limit × 100; null without a limit (the CLI prints 0 there, but "no limit" says more). */
export function memoryPercent(used: number, limit: number): number | null {
  return limit > 0 ? (used / limit) * 100 : null;
}

/** Received and sent bytes, summed over every interface. */
export function networkTotals(networks: StatsJson['networks']): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(networks ?? {})) {
    rx += net.rx_bytes ?? 0;
    tx += net.tx_bytes ?? 0;
  }
  return { rx, tx };
}

/**
 * Bytes read and written, from `io_service_bytes_recursive`: cgroup v1 names
 * the ops "Read"/"Write" (plus "Sync", "Total", …), v2 "read"/"write"; the
 * CLI compares them lower-cased and sums over devices.
 */
export function blockIo(blkio: StatsJson['blkio_stats']): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const entry of blkio?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === 'read') read += entry.value ?? 0;
    else if (op === 'write') write += entry.value ?? 0;
  }
  return { read, write };
}

function readTime(json: StatsJson): number {
  const at = json.read ? Date.parse(json.read) : NaN;
  // A stopped container's payload has the zero time ("0001-01-01…"); use now.
  return Number.isNaN(at) || at <= 0 ? Date.now() : at;
}

/**
 * One sample. CPU is measured against `previous` when given (two one-shot
 * snapshots), else against the payload's own `precpu_stats` (a stream).
 */
export function sampleFromStats(json: StatsJson, previous?: CpuStatsJson | null): StatsSample {
  const used = memoryUsed(json.memory_stats);
  const limit = json.memory_stats?.limit ?? 0;
  const net = networkTotals(json.networks);
  const io = blockIo(json.blkio_stats);
  const pids = json.pids_stats?.current;
  return {
    at: readTime(json),
    cpuPercent: cpuPercent(previous === undefined ? json.precpu_stats : previous, json.cpu_stats),
    cpuScope: 'core',
    onlineCpus: onlineCpus(json.cpu_stats),
    memoryUsed: used,
    memoryLimit: limit,
    memoryPercent: memoryPercent(used, limit),
    netRx: net.rx,
    netTx: net.tx,
    blockRead: io.read,
    blockWrite: io.write,
    pids: typeof pids === 'number' ? pids : null,
  };
}

/** A table row's figures from a one-shot snapshot and the one before it. */
export function rowFromSnapshots(id: string, current: StatsJson, previous: StatsJson | undefined): StatsRow {
  const sample = sampleFromStats(current, previous?.cpu_stats ?? null);
  return {
    id,
    at: sample.at,
    cpuPercent: sample.cpuPercent,
    memoryUsed: sample.memoryUsed,
    memoryLimit: sample.memoryLimit,
    memoryPercent: sample.memoryPercent,
  };
}

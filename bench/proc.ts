/** A process's CPU time and resident memory, read from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** The host's CPU time so far, busy and total, in ticks of all cores together (/proc/stat). */
export function hostTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, n) => sum + n, 0);
  // idle and iowait are the 4th and 5th fields.
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** Every process's CPU seconds so far, by pid, with its command name (/proc/<pid>/stat). */
export function processCpu(): Map<number, { name: string; seconds: number }> {
  const all = new Map<number, { name: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    all.set(Number(entry), { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
  }
  return all;
}

/**
 * The CPU milliseconds each process used between two processCpu() readings,
 * summed by the group `groupOf` names (a process that started meanwhile counts
 * whole; one that ended meanwhile is missed).
 */
export function cpuMsByGroup(
  before: Map<number, { name: string; seconds: number }>,
  after: Map<number, { name: string; seconds: number }>,
  groupOf: (pid: number, name: string) => string,
): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [pid, { name, seconds }] of after) {
    const used = seconds - (before.get(pid)?.seconds ?? 0);
    if (used <= 0) continue;
    const group = groupOf(pid, name);
    groups.set(group, (groups.get(group) ?? 0) + used * 1000);
  }
  return groups;
}

/** Whose CPU time a process's is, for the cold start's CPU account. */
export const CPU_GROUPS = ['Chromium (all its processes)', 'Berth main', 'the Docker engine (dockerd, containerd)', 'everything else (the benchmark itself, the kernel, …)'] as const;
export function cpuGroupOf(berthPid: number | undefined) {
  return (pid: number, name: string): string => {
    if (pid === berthPid) return CPU_GROUPS[1];
    if (name.startsWith('chrom')) return CPU_GROUPS[0];
    if (name === 'dockerd' || name.startsWith('containerd')) return CPU_GROUPS[2];
    return CPU_GROUPS[3];
  };
}

/**
 * Live resource use of containers: one stream for a container's Stats tab
 * (a sample a second, shared by every viewer of that container) and one for
 * the Containers table's CPU and memory cells (one-shot snapshots of the
 * rows on screen only). Figures follow the docker CLI's formulas, so Berth
 * agrees with `docker stats`.
 */
import { z } from 'zod';
import { ContainerRefSchema } from './refs';

/**
 * What a CPU percentage is a percentage of. The docker CLI's Linux figure is
 * a sum over cores: 100% is one core busy, 200% two, up to 100 × online cpus.
 */
export const CpuScopeSchema = z.enum(['core', 'host']);
export type CpuScope = z.infer<typeof CpuScopeSchema>;

const Bytes = z.number().nonnegative();

export const StatsSampleSchema = z.lazy(() =>
  z.object({
    /** Epoch milliseconds at which the engine read the sample. */
    at: z.number(),
    /** Null when the engine gave no earlier reading to compare with (the first one-shot). */
    cpuPercent: z.number().nonnegative().nullable(),
    cpuScope: CpuScopeSchema,
    /** CPUs the container could use when the sample was read. */
    onlineCpus: z.number().int().nonnegative(),
    /** Usage less the inactive page cache, as `docker stats` shows it. */
    memoryUsed: Bytes,
    memoryLimit: Bytes,
    /** Null when the engine reports no limit at all. */
    memoryPercent: z.number().nonnegative().nullable(),
    netRx: Bytes,
    netTx: Bytes,
    blockRead: Bytes,
    blockWrite: Bytes,
    /** Null when the engine does not count them (some cgroup setups). */
    pids: z.number().int().nonnegative().nullable(),
  }),
);
export type StatsSample = z.infer<typeof StatsSampleSchema>;

/** One Containers-table row's figures. */
export const StatsRowSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    at: z.number(),
    cpuPercent: z.number().nonnegative().nullable(),
    memoryUsed: Bytes,
    memoryLimit: Bytes,
    memoryPercent: z.number().nonnegative().nullable(),
  }),
);
export type StatsRow = z.infer<typeof StatsRowSchema>;

/** At most this many rows are watched at once: a screen holds far fewer. */
export const MAX_WATCHED_ROWS = 200;

export const StatsMetricsSchema = z.lazy(() =>
  z.object({
    /** Engine stats streams open now (one per container with at least one viewer). */
    streamsOpen: z.number().int(),
    /** Engine stats streams opened since start. */
    streamsOpened: z.number().int(),
    /** Viewers attached to those streams now. */
    viewers: z.number().int(),
    /** One-shot snapshots asked of the engine since start. */
    snapshots: z.number().int(),
  }),
);
export type StatsMetrics = z.infer<typeof StatsMetricsSchema>;

export const statsRequests = {
  /** Berth's own counters, for tests and the benchmark. */
  'stats.metrics': { args: z.lazy(() => z.object({}).strict()), result: StatsMetricsSchema },
} as const;

export const statsStreams = {
  /**
   * A running container's samples, about one a second. The first message
   * carries the last few minutes already seen (when another viewer had the
   * stream open), then one sample per message. The stream ends without an
   * error when the container stops.
   */
  stats: {
    args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()),
    message: z.lazy(() => z.object({ samples: z.array(StatsSampleSchema) })),
  },
  /**
   * CPU and memory of the table rows on screen: reopened with the new ids
   * when the visible set changes. Figures come every few seconds, a batch at
   * a time; a row's CPU needs two snapshots, so it is null at first.
   */
  'stats.rows': {
    args: z.lazy(() => z.object({ ids: z.array(ContainerRefSchema).max(MAX_WATCHED_ROWS) }).strict()),
    message: z.lazy(() => z.object({ rows: z.array(StatsRowSchema) })),
  },
} as const;

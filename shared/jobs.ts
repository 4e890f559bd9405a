/**
 * Jobs: pulls, pushes and builds that run in main, on one engine, whether or
 * not a page watches them. A request starts one and answers with its id at
 * once; the `jobs` stream shows every job of the engine in progress or just
 * finished (its layers, bytes, speed, log and end state), and `jobs.cancel`
 * stops one. The run dialog's pull is a pull job like any other.
 */
import { z } from 'zod';
import { ImageReferenceSchema } from './run';

/** What one layer of a pull or push is doing, as the engine's progress lines say it. */
export const LayerStateSchema = z.enum(['waiting', 'downloading', 'verifying', 'extracting', 'done', 'exists', 'uploading']);
export type LayerState = z.infer<typeof LayerStateSchema>;

export const JobLayerSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    state: LayerStateSchema,
    /** Bytes moved of `total` in the current phase (downloading, extracting or uploading); 0 of 0 when unknown. */
    current: z.number().nonnegative(),
    total: z.number().nonnegative(),
  }),
);
export type JobLayer = z.infer<typeof JobLayerSchema>;

export const JobKindSchema = z.enum(['pull', 'push', 'build']);
export type JobKind = z.infer<typeof JobKindSchema>;

export const JobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

/** The most log lines a job keeps (the latest). */
export const JOB_LOG_LINES = 400;

/**
 * How often a running job's progress is sent (main) and drawn (the page): a
 * pull's hundreds of progress lines a second become five updates. Drawing
 * costs Chromium CPU that the engine, pulling on the same two cores, lacks.
 * Measured with a 200 MB, 10-layer pull from a local registry and the
 * Activity page open, 6 rounds alternating with `docker pull`: every frame,
 * ~0.6 s of Chromium CPU per 3 s pull; every 100 ms, ~300 ms of the
 * renderer's CPU and 1.08 × the CLI's time; every 200 ms, ~230 ms and
 * 1.01 × (bench/pull.ts, 5 rounds: 1.03 ×).
 */
export const JOB_PROGRESS_MS = 200;

export const JobSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: JobKindSchema,
    /** What it works on: the reference pulled or pushed, a build's first tag or its context folder. */
    target: z.string(),
    state: JobStateSchema,
    /** Epoch milliseconds. */
    startedAt: z.number(),
    endedAt: z.number().nullable(),
    layers: z.array(JobLayerSchema),
    /** Bytes transferred over every layer whose size is known, of their sum. */
    bytes: z.object({ current: z.number().nonnegative(), total: z.number().nonnegative() }),
    /** Bytes per second, smoothed; null until measured. */
    speed: z.number().nonnegative().nullable(),
    /** Seconds left at that speed; null when unknown. */
    etaSeconds: z.number().nonnegative().nullable(),
    /** A build's current step ("Step 3/5 : RUN make"), null for pulls and pushes. */
    step: z.string().nullable(),
    /** The latest lines of its log (at most JOB_LOG_LINES); `logLines` counts every line written. */
    log: z.array(z.string()),
    logLines: z.number().int().nonnegative(),
    /** Why it failed, in the user's words; null unless failed. */
    error: z.string().nullable(),
    /** The image a finished pull or build made, by id. */
    imageId: z.string().nullable(),
  }),
);
export type Job = z.infer<typeof JobSchema>;

/** A platform as `os/arch[/variant]` (linux/amd64, linux/arm/v7); empty for the engine's own. */
export const PlatformSchema = z.string().regex(/^$|^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/, 'a platform is os/arch or os/arch/variant (e.g. linux/arm64)');

const BuildArgName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a build argument is a name of letters, digits and “_”');
/** A Dockerfile inside the context: a relative path without “..”. */
const DockerfilePath = z.lazy(() =>
  z
    .string()
    .min(1, 'the Dockerfile is required')
    .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'the Dockerfile is a path inside the context folder'),
);
const StageName = z.string().regex(/^$|^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a stage name is letters, digits, “_”, “.” and “-”');

export const BuildSpecSchema = z.lazy(() =>
  z
    .object({
      /** The context folder on the machine where Berth runs, absolute. */
      context: z
        .string()
        .min(1, 'the context folder is required')
        .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'the context folder is an absolute path'),
      dockerfile: DockerfilePath.default('Dockerfile'),
      tags: z.array(ImageReferenceSchema).max(32).default([]),
      buildArgs: z.record(BuildArgName, z.string()).default({}),
      /** Labels on the image (`--label`). */
      labels: z.record(z.string().min(1, 'a label needs a key'), z.string()).default({}),
      /** Empty: the last stage. */
      target: StageName.default(''),
      platform: PlatformSchema.default(''),
      noCache: z.boolean().default(false),
      /** Pull newer versions of the FROM images. */
      pull: z.boolean().default(false),
    })
    .strict(),
);
export type BuildSpec = z.input<typeof BuildSpecSchema>;

const JobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

export const jobsRequests = {
  /** Starts pulling `reference` (a tag or a digest), for `platform` when given. Result: the job's id. */
  'jobs.pull': {
    args: z.lazy(() => z.object({ reference: ImageReferenceSchema, platform: PlatformSchema.default('') }).strict()),
    result: z.lazy(() => z.object({ id: z.string() })),
  },
  /** Starts pushing a local tag to its registry. */
  'jobs.push': {
    args: z.lazy(() => z.object({ reference: ImageReferenceSchema }).strict()),
    result: z.lazy(() => z.object({ id: z.string() })),
  },
  /** Starts a build: main tars the context (honouring .dockerignore) and streams it to the engine. */
  'jobs.build': { args: BuildSpecSchema, result: z.lazy(() => z.object({ id: z.string() })) },
  /** Stops a running job; a finished one is left as it ended. */
  'jobs.cancel': { args: z.lazy(() => z.object({ id: JobId }).strict()), result: z.null() },
  /** Forgets the finished jobs (running ones stay). */
  'jobs.clear': { args: z.lazy(() => z.object({}).strict()), result: z.null() },
} as const;

export const JobsMessageSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    /** Every job main remembers, first. */
    z.object({ type: z.literal('snapshot'), jobs: z.array(JobSchema) }),
    /** The jobs that changed since the last message (each whole), and those forgotten. */
    z.object({ type: z.literal('update'), jobs: z.array(JobSchema), removed: z.array(z.string()) }),
  ]),
);
export type JobsMessage = z.infer<typeof JobsMessageSchema>;

export const jobsStreams = {
  /** The engine's jobs: a snapshot, then changes, at most one message per frame and coalesced without credit. */
  jobs: { args: z.lazy(() => z.object({ only: JobId.optional() }).strict()), message: JobsMessageSchema },
} as const;

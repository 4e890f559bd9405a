/**
 * The logs part of the contract. A log lives in the main process (see
 * electron/engine/logs/): the `logs` stream opens a session and reports only
 * how the log grows (counts, restarts, state), in batches; the renderer asks
 * for the window of lines it shows, for searches and for exports by request,
 * naming the session the stream gave it.
 */
import { z } from 'zod';
import { ContainerRefSchema } from './refs';

/** A Compose project's name, as Compose writes it in `com.docker.compose.project`. */
export const ProjectNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a Compose project name');

export const LogSourceSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('container'), id: ContainerRefSchema }).strict(),
    z.object({ kind: z.literal('project'), name: ProjectNameSchema }).strict(),
  ]),
);
export type LogSource = z.infer<typeof LogSourceSchema>;

/** Epoch seconds (fractions allowed), as the engine takes `since` and `until`. */
const EpochSeconds = z.lazy(() => z.number().nonnegative().max(1e11));

export const LogOpenOptionsSchema = z.lazy(() =>
  z
    .object({
      /** Keep reading as the container writes, and reattach when it restarts. */
      follow: z.boolean().default(true),
      /** Only the last N lines of what is already there (per container); absent means all. */
      tail: z.number().int().min(0).max(10_000_000).optional(),
      since: EpochSeconds.optional(),
      until: EpochSeconds.optional(),
    })
    .strict(),
);
export type LogOpenOptions = z.input<typeof LogOpenOptionsSchema>;

export const LogQuerySchema = z
  .object({
    text: z.string().max(1000),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
  })
  .strict();
export type LogQuery = z.output<typeof LogQuerySchema>;

export const LogStreamFilterSchema = z.enum(['both', 'stdout', 'stderr']);
export type LogStreamFilter = z.infer<typeof LogStreamFilterSchema>;

/** Which lines a view shows: a stream, and optionally only lines matching (or not matching) a query. */
export const LogFilterSchema = z.lazy(() =>
  z
    .object({
      stream: LogStreamFilterSchema.default('both'),
      match: LogQuerySchema.extend({ invert: z.boolean().default(false) }).strict().optional(),
    })
    .strict(),
);
export type LogFilter = z.output<typeof LogFilterSchema>;
export type LogFilterInput = z.input<typeof LogFilterSchema>;

const SessionId = z.string().regex(/^[0-9a-f-]{36}$/, 'must be a log session id');

export const LogLineSchema = z.lazy(() =>
  z.object({
    /** Position in the view asked for. */
    position: z.number().int(),
    /** Line number in the whole log. */
    line: z.number().int(),
    kind: z.enum(['stdout', 'stderr', 'marker']),
    /** Epoch ms from the engine's timestamp; null when it gave none. */
    ts: z.number().nullable(),
    text: z.string(),
    /** Characters left out of a very long line (the export has them all). */
    cut: z.number().int(),
    /** The Compose service the line came from (merged project logs only). */
    service: z.string().optional(),
  }),
);
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogStateSchema = z.enum([
  /** Reading what is there, then following. */
  'loading',
  'following',
  /** The container stopped; reading resumes when it starts again. */
  'waiting',
  /** Not following (follow off, `until` given, or the container is gone). */
  'ended',
]);
export type LogState = z.infer<typeof LogStateSchema>;

export const LogStreamMessageSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    /** First message: the session to name in requests. */
    z.object({ type: z.literal('open'), session: SessionId, services: z.array(z.string()) }),
    z.object({
      type: z.literal('update'),
      /** Lines in the whole log now. */
      total: z.number().int(),
      /** Lines added since the previous update (after a clear, since the clear). */
      added: z.number().int(),
      /** Increases when the log was cleared, or its preview gave way to the whole log: windows asked before are stale. */
      generation: z.number().int(),
      /** Where the last generation's lines went: its line n is line n + moved now; null when they are gone (a clear) or not found. */
      moved: z.number().int().nullable(),
      restarts: z.number().int(),
      state: LogStateSchema,
      /** Why the state is what it is, for people ("stopped at …", the engine's error). */
      detail: z.string(),
      /** Bytes of text kept, and how much of it is on disk. */
      bytes: z.number(),
      spilledBytes: z.number(),
    }),
  ]),
);
export type LogStreamMessage = z.infer<typeof LogStreamMessageSchema>;

export const MAX_WINDOW = 2000;

export const logRequests = {
  /** A window of lines of a view: `start` null means the last `count` lines. */
  'logs.window': {
    args: z.lazy(() =>
      z
        .object({
          session: SessionId,
          filter: LogFilterSchema.default({ stream: 'both' }),
          start: z.number().int().min(0).nullable(),
          count: z.number().int().min(0).max(MAX_WINDOW),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ total: z.number().int(), start: z.number().int(), generation: z.number().int(), lines: z.array(LogLineSchema) })),
  },
  /**
   * Matches of a query within a view: how many, and the view positions of up
   * to `limit` of them, starting with match number `from` (0 is the first).
   */
  'logs.search': {
    args: z.lazy(() =>
      z
        .object({
          session: SessionId,
          filter: LogFilterSchema.default({ stream: 'both' }),
          query: LogQuerySchema,
          from: z.number().int().min(0).default(0),
          limit: z.number().int().min(0).max(100_000).default(10_000),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ count: z.number().int(), total: z.number().int(), positions: z.array(z.number().int()) })),
  },
  /** The text of a view, a page at a time, for Download and "copy all". */
  'logs.export': {
    args: z.lazy(() =>
      z
        .object({
          session: SessionId,
          filter: LogFilterSchema.default({ stream: 'both' }),
          from: z.number().int().min(0).default(0),
          timestamps: z.boolean().default(false),
          maxBytes: z.number().int().min(1024).max(8 << 20).default(4 << 20),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ text: z.string(), next: z.number().int().nullable(), total: z.number().int() })),
  },
  /** Forgets the lines kept so far (following goes on). */
  'logs.clear': { args: z.lazy(() => z.object({ session: SessionId }).strict()), result: z.null() },
} as const;

export const logStreams = {
  logs: {
    args: z.lazy(() => z.object({ source: LogSourceSchema, options: LogOpenOptionsSchema.default({ follow: true }) }).strict()),
    message: LogStreamMessageSchema,
  },
} as const;

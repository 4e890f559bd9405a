/**
 * Berth's own part of the contract: which engines there are, and adding,
 * testing, renaming and removing the ones the user added. Everything else in
 * the contract (contract.ts) is addressed to one engine of this list by its
 * id, which the protocol's envelope carries.
 */
import { z } from 'zod';
import { ConfirmedSchema } from './confirm';
import { EngineInfoSchema, EngineStatusSchema } from './model';

/** An engine's id: stable for its life (a rename keeps it), safe in an address (`#/engines/<id>/…`). */
export const EngineIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/, 'an engine id is letters, digits, "_", ".", "+" or "-", starting with a letter or digit');
export type EngineId = z.infer<typeof EngineIdSchema>;

/**
 * Where Berth found an engine: the docker CLI's own "default" (DOCKER_HOST or
 * the platform's socket), one of the CLI's contexts, a well-known socket that
 * exists on this machine (Podman, Colima, rootless Docker…), or the user.
 */
export const EngineOriginSchema = z.enum(['default', 'context', 'socket', 'added']);
export type EngineOrigin = z.infer<typeof EngineOriginSchema>;

export const EngineEntrySchema = z.lazy(() =>
  z.object({
    id: EngineIdSchema,
    /** What the user reads: a context's name, "Podman", or what they called it. */
    name: z.string(),
    /** As the docker CLI would print it: unix:///var/run/docker.sock, ssh://me@host, tcp://host:2376. */
    url: z.string(),
    origin: EngineOriginSchema,
    /** The engine the docker CLI would use from Berth's environment: the one Berth opens on. */
    current: z.boolean(),
  }),
);
export type EngineEntry = z.infer<typeof EngineEntrySchema>;

/** An absolute path to a file on this machine (a TLS certificate or key); Berth stores the path, never the file. */
const LocalFileSchema = z.lazy(() => z.string().min(1).max(4096).regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path'));

export const EngineTlsSchema = z.lazy(() =>
  z
    .object({
      ca: LocalFileSchema.optional(),
      cert: LocalFileSchema.optional(),
      key: LocalFileSchema.optional(),
      /** The CLI's SkipTLSVerify: encrypt, but accept any server certificate. */
      skipVerify: z.boolean().default(false),
    })
    .strict(),
);
export type EngineTls = z.output<typeof EngineTlsSchema>;

/** An address the user typed: ssh://user@host[:port], tcp://host:port, unix:///path or npipe:////./pipe/name. */
export const EngineUrlSchema = z.lazy(() =>
  z
    .string()
    .trim()
    .min(1)
    .max(2048)
    .regex(/^(ssh|tcp|unix|npipe):\/\/\S+$/, 'an engine address starts with ssh://, tcp://, unix:// or npipe://'),
);

/** Where to reach an engine: what `engines.add` keeps and `engines.test` tries. */
export const EngineConnectionSchema = z.lazy(() =>
  z
    .object({
      url: EngineUrlSchema,
      /** Only for tcp://: without it the connection is plain HTTP. */
      tls: EngineTlsSchema.optional(),
    })
    .strict(),
);
export type EngineConnection = z.output<typeof EngineConnectionSchema>;

export const EngineNameSchema = z.lazy(() => z.string().trim().min(1, 'an engine needs a name').max(64));

export const engineListRequests = {
  /** Keeps a new engine in Berth's settings and connects to it; the list stream shows it. */
  'engines.add': {
    args: z.lazy(() => z.object({ name: EngineNameSchema, connection: EngineConnectionSchema }).strict()),
    result: EngineEntrySchema,
  },
  /** One connection attempt, nothing kept: who answers, or why nobody does. */
  'engines.test': {
    args: z.lazy(() => z.object({ connection: EngineConnectionSchema }).strict()),
    result: z.lazy(() =>
      z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), info: EngineInfoSchema }),
        z.object({ ok: z.literal(false), error: z.string() }),
      ]),
    ),
  },
  'engines.rename': {
    args: z.lazy(() => z.object({ engine: EngineIdSchema, name: EngineNameSchema }).strict()),
    result: z.null(),
  },
  /** An unavailable engine's next connection attempt, now rather than when its back-off says; any other state: nothing to do. */
  'engines.retry': {
    args: z.lazy(() => z.object({ engine: EngineIdSchema }).strict()),
    result: z.null(),
  },
  /** Forgets an added engine (nothing on the engine is touched); `confirmed.name` is its name as the dialog showed it. */
  'engines.remove': {
    args: z.lazy(() => z.object({ engine: EngineIdSchema, confirmed: ConfirmedSchema }).strict()),
    result: z.null(),
  },
} as const;

export const engineListStreams = {
  /** Every engine Berth knows, now and after each change. */
  engines: {
    args: z.lazy(() => z.object({}).strict()),
    message: z.lazy(() =>
      z.object({
        engines: z.array(EngineEntrySchema),
        /**
         * Each engine's connection now, by id, for the badges of engines a page
         * does not follow: a page follows only the state stream of what it shows
         * (renderer/store/sync.ts), and that stream's status, ordered with its
         * data, wins where there is one.
         */
        statuses: z.record(EngineIdSchema, EngineStatusSchema),
      }),
    ),
  },
} as const;

/**
 * The contract between the renderer and the main process, written once as
 * data: every request (its argument schema and result schema) and every
 * stream (its open arguments and message schema). Both transports, the main
 * process's validation and the renderer's typed client derive from this map.
 *
 * `requests` and `streams` are one engine's: each message for them names its
 * engine in the protocol's envelope, and main hands it to that engine's
 * handlers. `appRequests` and `appStreams` are Berth's own (the engine list).
 *
 * Schemas here and in the files this one imports are built on first use
 * (`z.lazy(() => …)`), not as the module loads: built at once, zod's ~1,500
 * instances took ~45 ms of every cold start on each side (the page and
 * main), though a start parses with only a handful of them. A schema another
 * one extends (`.extend`) stays eager: a lazy one has no shape to extend.
 */
import { z } from 'zod';
import { cleanupRequests } from './cleanup';
import { ConfirmedSchema } from './confirm';
import { EngineInfoSchema, StateMessageSchema } from './model';
import { engineListRequests, engineListStreams } from './engines';
import { execRequests, execStreams } from './exec';
import { filesRequests } from './files';
import { imagesRequests } from './images';
import { logRequests, logStreams } from './logs';
import { networkRequests } from './networks';
import { ContainerNameSchema, ContainerRefSchema, SignalSchema, StopTimeoutSchema } from './refs';
import { jobsRequests, jobsStreams } from './jobs';
import { registriesAppRequests, registriesRequests } from './registries';
import { runRequests } from './run';
import { statsRequests, statsStreams } from './stats';
import { timelineStreams } from './events-timeline';
import { systemRequests } from './system';
import { volumeRequests } from './volumes';

export const EngineMetricsSchema = z.lazy(() =>
  z.object({
    /** Full list calls made since start (connect and reconnect resyncs only). */
    lists: z.number().int(),
    /** Single-object inspects made because an event named that object. */
    inspects: z.number().int(),
    /** Engine events received. */
    events: z.number().int(),
    /** Successful (re)connections. */
    connects: z.number().int(),
  }),
);
export type EngineMetrics = z.infer<typeof EngineMetricsSchema>;

export const requests = {
  'engine.info': { args: z.lazy(() => z.object({}).strict()), result: EngineInfoSchema },
  'engine.metrics': { args: z.lazy(() => z.object({}).strict()), result: EngineMetricsSchema },
  'container.start': { args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()), result: z.null() },
  'container.stop': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, timeoutSeconds: StopTimeoutSchema }).strict()),
    result: z.null(),
  },
  'container.restart': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, timeoutSeconds: StopTimeoutSchema }).strict()),
    result: z.null(),
  },
  'container.pause': { args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()), result: z.null() },
  'container.unpause': { args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()), result: z.null() },
  'container.kill': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, signal: SignalSchema.default('SIGKILL') }).strict()),
    result: z.null(),
  },
  'container.rename': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, name: ContainerNameSchema }).strict()),
    result: z.null(),
  },
  /**
   * The address of a container's published port, built by the main process
   * from the engine's own port bindings (never from text the renderer sent).
   * In Electron main also opens it in the user's browser; the result says so.
   */
  'container.openPort': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, containerPort: z.number().int().min(1).max(65535) }).strict()),
    result: z.lazy(() => z.object({ url: z.string(), opened: z.boolean() })),
  },
  'container.remove': {
    args: z.lazy(() =>
      z
        .object({
          id: ContainerRefSchema,
          /** Remove even when running (the engine kills it first). */
          force: z.boolean().default(false),
          /** Also remove the container's anonymous volumes. */
          volumes: z.boolean().default(false),
          /** The container, and with `volumes` each of its anonymous volumes, as the dialog named them. */
          confirmed: ConfirmedSchema,
        })
        .strict(),
    ),
    result: z.null(),
  },
  'container.inspect': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()),
    result: z.lazy(() => z.record(z.string(), z.unknown())),
  },
  ...runRequests,
  ...jobsRequests,
  ...registriesRequests,
  ...statsRequests,
  ...execRequests,
  ...filesRequests,
  ...logRequests,
  ...imagesRequests,
  ...cleanupRequests,
  ...networkRequests,
  ...systemRequests,
  ...volumeRequests,
} as const;

export const streams = {
  /** The engine's whole state: one snapshot, then deltas and status changes. */
  state: { args: z.lazy(() => z.object({}).strict()), message: StateMessageSchema },
  ...jobsStreams,
  ...statsStreams,
  ...execStreams,
  ...logStreams,
  ...timelineStreams,
} as const;

export const appRequests = { ...engineListRequests, ...registriesAppRequests } as const;
export const appStreams = { ...engineListStreams } as const;

export type RequestName = keyof typeof requests;
export type RequestArgs<N extends RequestName> = z.input<(typeof requests)[N]['args']>;
export type RequestParsedArgs<N extends RequestName> = z.output<(typeof requests)[N]['args']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requests)[N]['result']>;

export type StreamName = keyof typeof streams;
export type StreamArgs<N extends StreamName> = z.input<(typeof streams)[N]['args']>;
export type StreamParsedArgs<N extends StreamName> = z.output<(typeof streams)[N]['args']>;
export type StreamMessage<N extends StreamName> = z.output<(typeof streams)[N]['message']>;

export type AppRequestName = keyof typeof appRequests;
export type AppRequestArgs<N extends AppRequestName> = z.input<(typeof appRequests)[N]['args']>;
export type AppRequestParsedArgs<N extends AppRequestName> = z.output<(typeof appRequests)[N]['args']>;
export type AppRequestResult<N extends AppRequestName> = z.output<(typeof appRequests)[N]['result']>;

export type AppStreamName = keyof typeof appStreams;
export type AppStreamArgs<N extends AppStreamName> = z.input<(typeof appStreams)[N]['args']>;
export type AppStreamParsedArgs<N extends AppStreamName> = z.output<(typeof appStreams)[N]['args']>;
export type AppStreamMessage<N extends AppStreamName> = z.output<(typeof appStreams)[N]['message']>;

export function isAppRequestName(name: string): name is AppRequestName {
  return Object.hasOwn(appRequests, name);
}
export function isAppStreamName(name: string): name is AppStreamName {
  return Object.hasOwn(appStreams, name);
}
export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requests, name);
}
export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(streams, name);
}

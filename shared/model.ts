/**
 * The plain, read-only data Berth shows, and the `state` stream that carries
 * it. Each kind of object is declared once in kinds.ts (its schema among
 * the rest); the snapshot and delta schemas here are made from those
 * declarations, so a new kind needs no edit here. Both processes use these
 * schemas; types are inferred so there is one definition.
 */
import { z } from 'zod';
import { KIND_NAMES, KINDS, ResourceKindSchema, type PerCollection, type ResourceKind, type ResourceOf } from './kinds';

export {
  ContainerNetworkSchema,
  ContainerSchema,
  ContainerStateSchema,
  HealthSchema,
  ImageSchema,
  NetworkPoolSchema,
  NetworkSchema,
  PortSchema,
  ResourceKindSchema,
  VolumeSchema,
  type Container,
  type ContainerNetwork,
  type ContainerState,
  type Health,
  type Image,
  type Network,
  type NetworkPool,
  type Port,
  type ResourceKind,
  type ResourceOf,
  type Volume,
} from './kinds';

export type Delta =
  | { [K in ResourceKind]: { op: 'upsert'; kind: K; item: ResourceOf[K] } }[ResourceKind]
  | { op: 'remove'; kind: ResourceKind; id: string };

// A plain union: several members share `op: 'upsert'`, which a discriminated
// union refuses. Made from a list, zod cannot pair each kind with its item's
// type, so the type above says it, once.
export const DeltaSchema = z.lazy(() =>
  z.union([
    ...KIND_NAMES.map((kind) => z.object({ op: z.literal('upsert'), kind: z.literal(kind), item: KINDS[kind].schema })),
    z.object({ op: z.literal('remove'), kind: ResourceKindSchema, id: z.string() }),
  ]),
) as unknown as z.ZodType<Delta>;

export const EngineEndpointSchema = z.lazy(() =>
  z.object({
    /** As the docker CLI would print it: unix:///var/run/docker.sock, tcp://host:2376, … */
    url: z.string(),
    /** Where the choice came from: DOCKER_HOST, a context's name, or the default. */
    source: z.string(),
  }),
);
export type EngineEndpoint = z.infer<typeof EngineEndpointSchema>;

export const EngineInfoSchema = z.lazy(() =>
  z.object({
    version: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
    kernelVersion: z.string(),
    operatingSystem: z.string(),
    name: z.string(),
    cpus: z.number(),
    memoryBytes: z.number(),
    storageDriver: z.string(),
    cgroupVersion: z.string(),
    rootDir: z.string(),
  }),
);
export type EngineInfo = z.infer<typeof EngineInfoSchema>;

export const EngineStatusSchema = z.lazy(() =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('connecting'), endpoint: EngineEndpointSchema }),
    z.object({
      state: z.literal('connected'),
      endpoint: EngineEndpointSchema,
      info: EngineInfoSchema,
    }),
    z.object({
      state: z.literal('unavailable'),
      endpoint: EngineEndpointSchema,
      /** Why, in words: "Docker engine unavailable at unix:///…: connect ENOENT …". */
      error: z.string(),
      attempt: z.number().int(),
      /** Epoch milliseconds of the next try. */
      retryAt: z.number(),
    }),
  ]),
);
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/** Every kind's full list, each under its collection's name. */
export type Lists = PerCollection<{ [K in ResourceKind]: ResourceOf[K][] }>;
export type Snapshot = { status: EngineStatus } & Lists;

export const SnapshotSchema = z.lazy(() =>
  z.object({
    status: EngineStatusSchema,
    ...Object.fromEntries(KIND_NAMES.map((kind) => [KINDS[kind].collection, z.array(KINDS[kind].schema)])),
  }),
) as unknown as z.ZodType<Snapshot>;

/** What the `state` stream carries: one snapshot, then deltas and status changes. */
export const StateMessageSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
    z.object({ type: z.literal('deltas'), deltas: z.array(DeltaSchema) }),
    z.object({ type: z.literal('status'), status: EngineStatusSchema }),
  ]),
);
export type StateMessage = z.infer<typeof StateMessageSchema>;

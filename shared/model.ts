/**
 * The plain, read-only data Berth shows: one normalised shape per resource,
 * whichever engine call (list or inspect) produced it. Both processes use
 * these schemas; types are inferred so there is one definition.
 */
import { z } from 'zod';

export const PortSchema = z.object({
  containerPort: z.number().int(),
  protocol: z.string(),
  hostIp: z.string().optional(),
  hostPort: z.number().int().optional(),
});
export type Port = z.infer<typeof PortSchema>;

export const ContainerStateSchema = z.enum([
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
]);
export type ContainerState = z.infer<typeof ContainerStateSchema>;

export const HealthSchema = z.enum(['starting', 'healthy', 'unhealthy']).nullable();
export type Health = z.infer<typeof HealthSchema>;

const Labels = z.record(z.string(), z.string());

export const ContainerSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  state: ContainerStateSchema,
  /** The engine's own status text ("Up 3 minutes (healthy)") when it gave one. */
  status: z.string(),
  health: HealthSchema,
  exitCode: z.number().int().nullable(),
  /** Epoch milliseconds. */
  created: z.number(),
  /** Epoch milliseconds, known once the container has been inspected. */
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  ports: z.array(PortSchema),
  labels: Labels,
});
export type Container = z.infer<typeof ContainerSchema>;

export const ImageSchema = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  digests: z.array(z.string()),
  size: z.number(),
  created: z.number(),
  labels: Labels,
});
export type Image = z.infer<typeof ImageSchema>;

export const VolumeSchema = z.object({
  /** Volumes are keyed by name; `id` repeats it so every kind has a key. */
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  scope: z.string(),
  created: z.number().nullable(),
  labels: Labels,
});
export type Volume = z.infer<typeof VolumeSchema>;

export const NetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  subnets: z.array(z.string()),
  internal: z.boolean(),
  created: z.number().nullable(),
  labels: Labels,
});
export type Network = z.infer<typeof NetworkSchema>;

export const ResourceKindSchema = z.enum(['container', 'image', 'volume', 'network']);
export type ResourceKind = z.infer<typeof ResourceKindSchema>;

export interface ResourceOf {
  container: Container;
  image: Image;
  volume: Volume;
  network: Network;
}

// A plain union: several members share `op: 'upsert'`, which a discriminated union refuses.
export const DeltaSchema = z.union([
  z.object({
    op: z.literal('upsert'),
    kind: z.literal('container'),
    item: ContainerSchema,
  }),
  z.object({ op: z.literal('upsert'), kind: z.literal('image'), item: ImageSchema }),
  z.object({ op: z.literal('upsert'), kind: z.literal('volume'), item: VolumeSchema }),
  z.object({ op: z.literal('upsert'), kind: z.literal('network'), item: NetworkSchema }),
  z.object({ op: z.literal('remove'), kind: ResourceKindSchema, id: z.string() }),
]);
export type Delta = z.infer<typeof DeltaSchema>;

export const EngineEndpointSchema = z.object({
  /** As the docker CLI would print it: unix:///var/run/docker.sock, tcp://host:2376, … */
  url: z.string(),
  /** Where the choice came from: DOCKER_HOST, a context's name, or the default. */
  source: z.string(),
});
export type EngineEndpoint = z.infer<typeof EngineEndpointSchema>;

export const EngineInfoSchema = z.object({
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
});
export type EngineInfo = z.infer<typeof EngineInfoSchema>;

export const EngineStatusSchema = z.discriminatedUnion('state', [
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
]);
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

export const SnapshotSchema = z.object({
  status: EngineStatusSchema,
  containers: z.array(ContainerSchema),
  images: z.array(ImageSchema),
  volumes: z.array(VolumeSchema),
  networks: z.array(NetworkSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What the `state` stream carries: one snapshot, then deltas and status changes. */
export const StateMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
  z.object({ type: z.literal('deltas'), deltas: z.array(DeltaSchema) }),
  z.object({ type: z.literal('status'), status: EngineStatusSchema }),
]);
export type StateMessage = z.infer<typeof StateMessageSchema>;

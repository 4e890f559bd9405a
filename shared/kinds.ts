/**
 * Every kind of engine object Berth shows, each declared once, as data: its
 * schema (the one normalised shape, whichever engine call produced it), the
 * name of its collection in the state stream and the stores, which engine
 * events name it and what they mean, its default order, and the words its
 * table uses. The state stream's schemas (model.ts), the engine's event and
 * refresh code (electron/engine/events.ts, kinds.ts), the renderer store
 * (renderer/store/reduce.ts) and the tables read it; adding a kind is one
 * entry here, its engine calls in electron/engine/kinds.ts and its views.
 * Pure: no engine, no React.
 */
import { z } from 'zod';

export const PortSchema = z.lazy(() =>
  z.object({
    containerPort: z.number().int(),
    protocol: z.string(),
    hostIp: z.string().optional(),
    hostPort: z.number().int().optional(),
  }),
);
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

const Labels = z.lazy(() => z.record(z.string(), z.string()));

/** One network a container is attached to, as its own network settings say (list and inspect alike). */
export const ContainerNetworkSchema = z.lazy(() =>
  z.object({
    /** The network's name, as the container's settings key it. */
    name: z.string(),
    networkId: z.string(),
    /** With its prefix length ("10.20.0.5/24"); empty while the container is not running. */
    ipv4: z.string(),
    ipv6: z.string(),
  }),
);
export type ContainerNetwork = z.infer<typeof ContainerNetworkSchema>;

export const ContainerSchema = z.lazy(() =>
  z.object({
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
    /** The names of the volumes it mounts (the Volumes page's "used by" reads them), sorted. */
    mounts: z.array(z.string()),
    /** Its networks, by name; what the Networks page lists as each network's containers. */
    networks: z.array(ContainerNetworkSchema),
  }),
);
export type Container = z.infer<typeof ContainerSchema>;

export const ImageSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    tags: z.array(z.string()),
    digests: z.array(z.string()),
    size: z.number(),
    /** Bytes it shares with other images, when the engine's list says (API 1.42 on); an inspect never does. */
    sharedSize: z.number().optional(),
    created: z.number(),
    labels: Labels,
  }),
);
export type Image = z.infer<typeof ImageSchema>;

export const VolumeSchema = z.lazy(() =>
  z.object({
    /** Volumes are keyed by name; `id` repeats it so every kind has a key. */
    id: z.string(),
    name: z.string(),
    driver: z.string(),
    mountpoint: z.string(),
    scope: z.string(),
    created: z.number().nullable(),
    labels: Labels,
  }),
);
export type Volume = z.infer<typeof VolumeSchema>;

/** One address pool of a network (its IPAM config): empty strings where the engine chose. */
export const NetworkPoolSchema = z.lazy(() =>
  z.object({
    subnet: z.string(),
    gateway: z.string(),
    ipRange: z.string(),
    auxAddresses: z.record(z.string(), z.string()),
  }),
);
export type NetworkPool = z.infer<typeof NetworkPoolSchema>;

/**
 * A network. Its attached containers are not here: the engine's list call
 * leaves them out, and reading every network to learn them would cost a call
 * per network on every resync. The containers' own network settings (which
 * every container list and inspect gives) say it instead.
 */
export const NetworkSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    driver: z.string(),
    scope: z.string(),
    pools: z.array(NetworkPoolSchema),
    internal: z.boolean(),
    attachable: z.boolean(),
    ipv6: z.boolean(),
    /** The swarm's routing mesh network. */
    ingress: z.boolean(),
    /** Driver options (parent, bridge name, …). */
    options: z.record(z.string(), z.string()),
    created: z.number().nullable(),
    labels: Labels,
  }),
);
export type Network = z.infer<typeof NetworkSchema>;

/** What a kind is listed by when nothing else is asked for: a group first, then text. */
export type OrderKey = readonly [group: number, text: string];

export interface KindDeclaration<C extends string, S extends z.ZodType<{ id: string }>> {
  /** Its list in a snapshot and in the stores: `containers`, `images`, … */
  readonly collection: C;
  readonly schema: S;
  /**
   * How the engine's event stream names it: the event `Type`, the actions
   * that mean it is gone, and those after which it is re-read. Any other
   * action changes nothing Berth shows and costs no engine call.
   */
  readonly events: { readonly type: string; readonly remove: readonly string[]; readonly refresh: readonly string[] };
  readonly order: (item: z.infer<S>) => OrderKey;
  /** The table's accessible name ("Containers"), its plural noun ("containers") and singular ("container"). */
  readonly label: string;
  readonly noun: string;
  readonly nounOne: string;
}

/** Keeps each declaration's schema and functions typed together. */
function kind<C extends string, S extends z.ZodType<{ id: string }>>(declaration: KindDeclaration<C, S>): KindDeclaration<C, S> {
  return declaration;
}

export const KINDS = {
  container: kind({
    collection: 'containers',
    schema: ContainerSchema,
    events: {
      type: 'container',
      // Podman's Docker-compatible API says `remove` where Docker says `destroy`.
      remove: ['destroy', 'remove'],
      refresh: ['create', 'start', 'restart', 'stop', 'die', 'kill', 'oom', 'pause', 'unpause', 'rename', 'update', 'health_status'],
    },
    order: (c) => [0, c.name],
    label: 'Containers',
    noun: 'containers',
    nounOne: 'container',
  }),
  image: kind({
    collection: 'images',
    schema: ImageSchema,
    events: {
      type: 'image',
      remove: ['delete'],
      refresh: ['pull', 'push', 'tag', 'untag', 'import', 'load', 'save', 'build', 'create'],
    },
    // Untagged images go after the tagged ones, by id.
    order: (i) => (i.tags[0] === undefined ? [1, i.id] : [0, i.tags[0]]),
    label: 'Images',
    noun: 'images',
    nounOne: 'image',
  }),
  volume: kind({
    collection: 'volumes',
    schema: VolumeSchema,
    events: { type: 'volume', remove: ['destroy'], refresh: ['create'] },
    order: (v) => [0, v.name],
    label: 'Volumes',
    noun: 'volumes',
    nounOne: 'volume',
  }),
  network: kind({
    collection: 'networks',
    schema: NetworkSchema,
    events: { type: 'network', remove: ['destroy', 'remove'], refresh: ['create', 'update'] },
    order: (n) => [0, n.name],
    label: 'Networks',
    noun: 'networks',
    nounOne: 'network',
  }),
} as const;

export type ResourceKind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as [ResourceKind, ...ResourceKind[]];
export const ResourceKindSchema = z.enum(KIND_NAMES);

export type ResourceOf = { [K in ResourceKind]: z.infer<(typeof KINDS)[K]['schema']> };
export type CollectionOf<K extends ResourceKind> = (typeof KINDS)[K]['collection'];
export type CollectionName = CollectionOf<ResourceKind>;
/** One list per kind, under its collection's name. */
export type PerCollection<F extends { [K in ResourceKind]: unknown }> = { [K in ResourceKind as CollectionOf<K>]: F[K] };

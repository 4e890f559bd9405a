/**
 * The engine page's part of the contract: what the engine is and how it is
 * set up (its info and version, read when the page asks, not kept in the
 * state stream), and its disk usage, which the engine computes by walking
 * every layer and volume and so is read only on demand. Fields an engine may
 * not report (Podman's Docker-compatible API leaves several out) are null,
 * and the page says so rather than show a blank.
 */
import { z } from 'zod';

export const SecurityOptionSchema = z.lazy(() =>
  z.object({
    /** seccomp, apparmor, selinux, rootless, userns, cgroupns… */
    name: z.string(),
    /** Its settings (profile=default). */
    settings: z.record(z.string(), z.string()),
  }),
);
export type SecurityOption = z.infer<typeof SecurityOptionSchema>;

export const SystemInfoSchema = z.lazy(() =>
  z.object({
    /** "Docker Engine", "Podman Engine", as the engine names itself. */
    product: z.string(),
    version: z.string(),
    apiVersion: z.string(),
    minApiVersion: z.string().nullable(),
    os: z.string(),
    arch: z.string(),
    kernelVersion: z.string(),
    operatingSystem: z.string(),
    name: z.string(),
    cpus: z.number(),
    memoryBytes: z.number(),
    storageDriver: z.string(),
    /** The storage driver's own facts ("Backing Filesystem": "extfs"). */
    storageDetails: z.array(z.tuple([z.string(), z.string()])),
    rootDir: z.string(),
    loggingDriver: z.string().nullable(),
    cgroupDriver: z.string().nullable(),
    cgroupVersion: z.string().nullable(),
    runtimes: z.array(z.string()).nullable(),
    defaultRuntime: z.string().nullable(),
    securityOptions: z.array(SecurityOptionSchema).nullable(),
    registryMirrors: z.array(z.string()).nullable(),
    /** Registries the engine talks to without TLS checks: CIDRs and names. */
    insecureRegistries: z.array(z.string()).nullable(),
    swarm: z
      .object({
        /** inactive, pending, active, error, locked. */
        state: z.string(),
        nodeId: z.string(),
        manager: z.boolean(),
        error: z.string(),
      })
      .nullable(),
    containers: z.object({ total: z.number(), running: z.number(), paused: z.number(), stopped: z.number() }),
    images: z.number(),
    /** The engine's own warnings (no swap limit support, an insecure TCP socket…). */
    warnings: z.array(z.string()),
  }),
);
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

/** One kind's disk use, the way `docker system df` adds it up. */
export const DiskUsageTotalSchema = z.object({
  count: z.number(),
  /** In use: images with a container, running containers, volumes with one, build cache in use. */
  active: z.number(),
  size: z.number(),
  /** What removing the unused ones would free. */
  reclaimable: z.number(),
});
export type DiskUsageTotal = z.infer<typeof DiskUsageTotalSchema>;

export const DiskUsageSchema = z.lazy(() =>
  z.object({
    images: DiskUsageTotalSchema.extend({
      items: z.array(z.object({ id: z.string(), tags: z.array(z.string()), size: z.number(), sharedSize: z.number(), containers: z.number() })),
    }),
    containers: DiskUsageTotalSchema.extend({
      items: z.array(z.object({ id: z.string(), name: z.string(), state: z.string(), size: z.number() })),
    }),
    volumes: DiskUsageTotalSchema.extend({
      /** size null: the engine could not measure it (a volume of another driver). */
      items: z.array(z.object({ name: z.string(), size: z.number().nullable(), containers: z.number() })),
    }),
    /** Null when the engine keeps no build cache it reports (Podman). */
    buildCache: DiskUsageTotalSchema.extend({
      items: z.array(z.object({ id: z.string(), type: z.string(), size: z.number(), inUse: z.boolean(), shared: z.boolean() })),
    }).nullable(),
    /** How long the engine took, in milliseconds. */
    tookMs: z.number(),
  }),
);
export type DiskUsage = z.infer<typeof DiskUsageSchema>;

export const systemRequests = {
  'system.info': { args: z.lazy(() => z.object({}).strict()), result: SystemInfoSchema },
  'system.df': { args: z.lazy(() => z.object({}).strict()), result: DiskUsageSchema },
} as const;

/** "name=seccomp,profile=default" → { name: seccomp, settings: { profile: default } }; an old engine's bare "seccomp" too. */
export function parseSecurityOption(text: string): SecurityOption {
  const settings: Record<string, string> = {};
  let name = '';
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    if (key === 'name' || (eq === -1 && name === '')) name = eq === -1 ? key : value;
    else settings[key] = value;
  }
  return { name, settings };
}

/**
 * What the container page shows from the engine's inspect document, read
 * with a lenient schema (the engine's JSON varies by version; absent parts
 * become empty rather than errors). Pure and unit-tested.
 */
import { z } from 'zod';
import { isAnonymousVolumeName } from '#shared/confirm';

const Str = z.string().catch('');

const InspectSchema = z.object({
  RestartCount: z.number().catch(0),
  State: z
    .object({
      OOMKilled: z.boolean().catch(false),
      Error: Str,
      Health: z
        .object({
          Status: Str,
          FailingStreak: z.number().catch(0),
          Log: z.array(z.object({ ExitCode: z.number().catch(0), Output: Str })).nullable().catch([]),
        })
        .nullable()
        .optional()
        .catch(null),
    })
    .catch({ OOMKilled: false, Error: '', Health: null }),
  HostConfig: z
    .object({ RestartPolicy: z.object({ Name: Str, MaximumRetryCount: z.number().catch(0) }).nullable().optional().catch(null) })
    .nullable()
    .catch(null),
  Mounts: z
    .array(z.object({ Type: Str, Name: Str.optional(), Source: Str, Destination: Str, RW: z.boolean().catch(true) }))
    .nullable()
    .catch([]),
  Config: z.object({ Env: z.array(z.string()).nullable().catch([]) }).nullable().catch(null),
  NetworkSettings: z
    .object({
      Networks: z
        .record(
          z.string(),
          z.object({ IPAddress: Str, GlobalIPv6Address: Str, Gateway: Str, Aliases: z.array(z.string()).nullable().catch([]) }),
        )
        .nullable()
        .catch({}),
    })
    .nullable()
    .catch(null),
});

export interface MountFact {
  type: string;
  source: string;
  destination: string;
  readOnly: boolean;
}
export interface NetworkFact {
  name: string;
  ipv4: string;
  ipv6: string;
  gateway: string;
  aliases: string[];
}
export interface EnvFact {
  key: string;
  value: string;
  /** Looks like a secret: shown masked until the user asks. */
  secret: boolean;
}
export interface ContainerFacts {
  restartCount: number;
  restartPolicy: string;
  oomKilled: boolean;
  error: string;
  health: { status: string; failingStreak: number; lastOutput: string; lastExitCode: number | null } | null;
  mounts: MountFact[];
  networks: NetworkFact[];
  env: EnvFact[];
}

const SECRET_KEY = /pass|secret|token|key|pwd|credential|auth|private/i;

/** A mount that removing its container with its volumes deletes (main counts them the same way). */
export function isAnonymousVolume(mount: MountFact): boolean {
  return mount.type === 'volume' && isAnonymousVolumeName(mount.source);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function containerFacts(inspect: unknown): ContainerFacts {
  const json = InspectSchema.parse(inspect ?? {});
  const policy = json.HostConfig?.RestartPolicy;
  const health = json.State.Health;
  const last = health?.Log?.at(-1);
  return {
    restartCount: json.RestartCount,
    restartPolicy:
      !policy?.Name || policy.Name === 'no'
        ? 'no'
        : policy.Name === 'on-failure' && policy.MaximumRetryCount > 0
          ? `on-failure (at most ${policy.MaximumRetryCount} times)`
          : policy.Name,
    oomKilled: json.State.OOMKilled,
    error: json.State.Error,
    health: health?.Status
      ? { status: health.Status, failingStreak: health.FailingStreak, lastOutput: last?.Output.trim() ?? '', lastExitCode: last ? last.ExitCode : null }
      : null,
    mounts: (json.Mounts ?? []).map((m) => ({
      type: m.Type,
      source: m.Type === 'volume' && m.Name ? m.Name : m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    networks: Object.entries(json.NetworkSettings?.Networks ?? {})
      .map(([name, n]) => ({ name, ipv4: n.IPAddress, ipv6: n.GlobalIPv6Address, gateway: n.Gateway, aliases: n.Aliases ?? [] }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    env: (json.Config?.Env ?? []).map((line) => {
      const eq = line.indexOf('=');
      const key = eq === -1 ? line : line.slice(0, eq);
      return { key, value: eq === -1 ? '' : line.slice(eq + 1), secret: isSecretKey(key) };
    }),
  };
}

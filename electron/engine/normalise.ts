/**
 * Turns the engine's JSON (list summaries and inspect results, which differ
 * in shape) into Berth's one model per resource. Pure; unit-tested with real
 * engine payloads. The input types list only the fields read, as the engine
 * sends them (many may be null), rather than trusting dockerode's typings.
 */
import type {
  Container,
  ContainerNetwork,
  ContainerState,
  Health,
  Image,
  Network,
  Port,
  Volume,
} from '#shared/model';
import { ContainerStateSchema } from '#shared/model';

type Labels = Record<string, string> | null | undefined;

export interface ContainerSummaryJson {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  Ports?: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }> | null;
  Labels?: Labels;
  State?: string;
  Status?: string;
  Mounts?: MountJson[] | null;
  NetworkSettings?: { Networks?: NetworksJson } | null;
}

interface MountJson {
  Type?: string;
  Name?: string;
}

/** A container's networks, by name, as list and inspect both give them. */
type NetworksJson = Record<
  string,
  { NetworkID?: string; IPAddress?: string; IPPrefixLen?: number; GlobalIPv6Address?: string; GlobalIPv6PrefixLen?: number } | null
> | null;

export interface ContainerInspectJson {
  Id: string;
  Name?: string;
  Created?: string;
  Path?: string;
  Args?: string[] | null;
  Image?: string;
  State?: {
    Status?: string;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string } | null;
  };
  Config?: { Image?: string; Labels?: Labels } | null;
  Mounts?: MountJson[] | null;
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    Networks?: NetworksJson;
  } | null;
}

export interface ImageSummaryJson {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  /** -1 unless the list was asked for it, and from engines of API 1.42 on. */
  SharedSize?: number;
  Created?: number;
  Labels?: Labels;
}

export interface ImageInspectJson {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: string;
  Config?: { Labels?: Labels } | null;
}

export interface VolumeJson {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  Scope?: string;
  CreatedAt?: string;
  Labels?: Labels;
}

export interface NetworkJson {
  Id: string;
  Name?: string;
  Driver?: string;
  Scope?: string;
  Created?: string;
  Internal?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  Ingress?: boolean;
  IPAM?: {
    Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> | null }> | null;
  } | null;
  Options?: Record<string, string> | null;
  Labels?: Labels;
}

/** ISO time → epoch ms; the engine's zero time ("0001-01-01T00:00:00Z") means never. */
export function parseTime(iso: string | undefined): number | null {
  if (!iso || iso.startsWith('0001-01-01')) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function labels(value: Labels): Record<string, string> {
  return value ?? {};
}

function containerState(value: string | undefined): ContainerState {
  const parsed = ContainerStateSchema.safeParse(value);
  return parsed.success ? parsed.data : 'dead';
}

function healthOf(value: string | undefined): Health {
  return value === 'starting' || value === 'healthy' || value === 'unhealthy' ? value : null;
}

/** The list gives health only inside its status text, as "(healthy)" or "(health: starting)". */
function healthFromStatus(status: string): Health {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!match) return null;
  return match[1] === 'health: starting' ? 'starting' : healthOf(match[1]);
}

function exitCodeFromStatus(status: string): number | null {
  const match = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(status);
  return match ? Number(match[1]) : null;
}

/** The volumes among a container's mounts, by name, in one order whichever call listed them. */
function volumeNames(mounts: MountJson[] | null | undefined): string[] {
  return [...new Set((mounts ?? []).flatMap((m) => (m.Type === 'volume' && m.Name ? [m.Name] : [])))].sort();
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A stable order, so the same ports from list and inspect compare equal. */
function sortPorts(ports: Port[]): Port[] {
  return ports.sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      byText(a.protocol, b.protocol) ||
      byText(a.hostIp ?? '', b.hostIp ?? '') ||
      (a.hostPort ?? 0) - (b.hostPort ?? 0),
  );
}

function withPrefix(address: string | undefined, prefix: number | undefined): string {
  return address ? `${address}/${prefix ?? 0}` : '';
}

function containerNetworks(json: NetworksJson | undefined): ContainerNetwork[] {
  return Object.entries(json ?? {})
    .map(([name, n]) => ({
      name,
      networkId: n?.NetworkID ?? '',
      ipv4: withPrefix(n?.IPAddress, n?.IPPrefixLen),
      ipv6: withPrefix(n?.GlobalIPv6Address, n?.GlobalIPv6PrefixLen),
    }))
    .sort((a, b) => byText(a.name, b.name));
}

export function containerFromSummary(json: ContainerSummaryJson): Container {
  const status = json.Status ?? '';
  const ports: Port[] = (json.Ports ?? []).map((p) => {
    const port: Port = { containerPort: p.PrivatePort, protocol: p.Type };
    if (p.PublicPort) {
      port.hostPort = p.PublicPort;
      if (p.IP) port.hostIp = p.IP;
    }
    return port;
  });
  return {
    id: json.Id,
    name: (json.Names?.[0] ?? '').replace(/^\//, ''),
    image: json.Image ?? '',
    imageId: json.ImageID ?? '',
    command: json.Command ?? '',
    state: containerState(json.State),
    status,
    health: healthFromStatus(status),
    exitCode: exitCodeFromStatus(status),
    created: (json.Created ?? 0) * 1000,
    startedAt: null,
    finishedAt: null,
    ports: sortPorts(ports),
    labels: labels(json.Labels),
    mounts: volumeNames(json.Mounts),
    networks: containerNetworks(json.NetworkSettings?.Networks),
  };
}

/**
 * A status text without durations; the renderer computes the live
 * "Up 3 minutes" from startedAt/finishedAt, which inspect always gives.
 */
function statusText(state: ContainerState, exitCode: number | null, health: Health): string {
  const healthText = health ? ` (${health === 'starting' ? 'health: starting' : health})` : '';
  switch (state) {
    case 'running':
      return `Up${healthText}`;
    case 'paused':
      return 'Up (Paused)';
    case 'restarting':
      return `Restarting (${exitCode ?? 0})`;
    case 'exited':
      return `Exited (${exitCode ?? 0})`;
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
  }
}

export function containerFromInspect(json: ContainerInspectJson): Container {
  const state = containerState(json.State?.Status);
  const health = healthOf(json.State?.Health?.Status);
  const exitCode = state === 'exited' || state === 'restarting' || state === 'dead' ? (json.State?.ExitCode ?? null) : null;
  const ports: Port[] = [];
  for (const [key, bindings] of Object.entries(json.NetworkSettings?.Ports ?? {})) {
    const [portText, protocol = 'tcp'] = key.split('/');
    const containerPort = Number(portText);
    if (!bindings || bindings.length === 0) {
      ports.push({ containerPort, protocol });
      continue;
    }
    for (const binding of bindings) {
      const port: Port = { containerPort, protocol };
      if (binding.HostPort) port.hostPort = Number(binding.HostPort);
      if (binding.HostIp) port.hostIp = binding.HostIp;
      ports.push(port);
    }
  }
  return {
    id: json.Id,
    name: (json.Name ?? '').replace(/^\//, ''),
    image: json.Config?.Image ?? json.Image ?? '',
    imageId: json.Image ?? '',
    command: [json.Path ?? '', ...(json.Args ?? [])].filter(Boolean).join(' '),
    state,
    status: statusText(state, exitCode, health),
    health,
    exitCode,
    // Whole seconds, as the list gives it: an inspect must not move a row in a table sorted by age.
    created: Math.floor((parseTime(json.Created) ?? 0) / 1000) * 1000,
    startedAt: parseTime(json.State?.StartedAt),
    finishedAt: parseTime(json.State?.FinishedAt),
    ports: sortPorts(ports),
    labels: labels(json.Config?.Labels),
    mounts: volumeNames(json.Mounts),
    networks: containerNetworks(json.NetworkSettings?.Networks),
  };
}

/** Untagged images come back as "<none>:<none>"; Berth keeps an empty list instead. */
function realTags(tags: string[] | null | undefined): string[] {
  return (tags ?? []).filter((t) => t !== '<none>:<none>').sort();
}

function realDigests(digests: string[] | null | undefined): string[] {
  return (digests ?? []).filter((d) => d !== '<none>@<none>').sort();
}

export function imageFromSummary(json: ImageSummaryJson): Image {
  const image: Image = {
    id: json.Id,
    tags: realTags(json.RepoTags),
    digests: realDigests(json.RepoDigests),
    size: json.Size ?? 0,
    created: (json.Created ?? 0) * 1000,
    labels: labels(json.Labels),
  };
  // Absent, not undefined, when unknown: the store compares items deeply.
  if (json.SharedSize !== undefined && json.SharedSize >= 0) image.sharedSize = json.SharedSize;
  return image;
}

export function imageFromInspect(json: ImageInspectJson): Image {
  return {
    id: json.Id,
    tags: realTags(json.RepoTags),
    digests: realDigests(json.RepoDigests),
    size: json.Size ?? 0,
    created: Math.floor((parseTime(json.Created) ?? 0) / 1000) * 1000,
    labels: labels(json.Config?.Labels),
  };
}

export function volumeFromJson(json: VolumeJson): Volume {
  return {
    id: json.Name,
    name: json.Name,
    driver: json.Driver ?? '',
    mountpoint: json.Mountpoint ?? '',
    scope: json.Scope ?? 'local',
    created: parseTime(json.CreatedAt),
    labels: labels(json.Labels),
  };
}

export function networkFromJson(json: NetworkJson): Network {
  return {
    id: json.Id,
    name: json.Name ?? '',
    driver: json.Driver ?? '',
    scope: json.Scope ?? '',
    pools: (json.IPAM?.Config ?? []).map((c) => ({
      subnet: c.Subnet ?? '',
      gateway: c.Gateway ?? '',
      ipRange: c.IPRange ?? '',
      auxAddresses: c.AuxiliaryAddresses ?? {},
    })),
    internal: Boolean(json.Internal),
    attachable: Boolean(json.Attachable),
    ipv6: Boolean(json.EnableIPv6),
    ingress: Boolean(json.Ingress),
    options: json.Options ?? {},
    created: parseTime(json.Created),
    labels: labels(json.Labels),
  };
}

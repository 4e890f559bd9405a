/**
 * The engine's info and version, as the engine page shows them. Pure: the
 * engine's JSON in, Berth's SystemInfo out; fields the engine leaves out
 * (Podman's compatible API omits several) become null, not a made-up value.
 */
import { parseSecurityOption, type SystemInfo } from '#shared/system';
import { engineInfo, type InfoJson, type VersionJson } from '../engine';

/** The engine's info beyond what the connection keeps (engine.ts's InfoJson). */
export interface FullInfoJson extends InfoJson {
  DriverStatus?: Array<[string, string]> | null;
  LoggingDriver?: string;
  CgroupDriver?: string;
  Runtimes?: Record<string, unknown> | null;
  DefaultRuntime?: string;
  SecurityOptions?: string[] | null;
  RegistryConfig?: {
    Mirrors?: string[] | null;
    InsecureRegistryCIDRs?: string[] | null;
    IndexConfigs?: Record<string, { Name?: string; Secure?: boolean; Mirrors?: string[] | null }> | null;
  } | null;
  Swarm?: { LocalNodeState?: string; NodeID?: string; ControlAvailable?: boolean; Error?: string } | null;
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
  Warnings?: string[] | null;
}

export interface FullVersionJson extends VersionJson {
  MinAPIVersion?: string;
  Components?: Array<{ Name?: string }> | null;
}

function productName(component: string | undefined): string {
  return component === undefined || component === 'Engine' ? 'Docker Engine' : component;
}

export function systemInfo(version: FullVersionJson, info: FullInfoJson): SystemInfo {
  const registry = info.RegistryConfig;
  const indexes = Object.values(registry?.IndexConfigs ?? {});
  const insecureNames = indexes.filter((index) => index.Secure === false && index.Name).map((index) => index.Name as string);
  const swarm = info.Swarm;
  return {
    // The fields the connection's status carries, read the one way; then what only the engine page shows.
    ...engineInfo(version, info),
    // Docker names its first component plainly "Engine"; Podman says "Podman Engine".
    product: productName(version.Components?.[0]?.Name),
    minApiVersion: version.MinAPIVersion || null,
    storageDetails: (info.DriverStatus ?? []).filter((pair) => Array.isArray(pair) && pair.length === 2).map(([k, v]) => [String(k), String(v)]),
    loggingDriver: info.LoggingDriver || null,
    cgroupDriver: info.CgroupDriver || null,
    cgroupVersion: info.CgroupVersion || null,
    runtimes: info.Runtimes ? Object.keys(info.Runtimes).sort() : null,
    defaultRuntime: info.DefaultRuntime || null,
    securityOptions: info.SecurityOptions ? info.SecurityOptions.map(parseSecurityOption) : null,
    registryMirrors: registry ? [...(registry.Mirrors ?? []), ...indexes.flatMap((index) => index.Mirrors ?? [])].filter((m, i, all) => all.indexOf(m) === i) : null,
    insecureRegistries: registry ? [...(registry.InsecureRegistryCIDRs ?? []), ...insecureNames] : null,
    swarm: swarm?.LocalNodeState
      ? { state: swarm.LocalNodeState, nodeId: swarm.NodeID ?? '', manager: Boolean(swarm.ControlAvailable), error: swarm.Error ?? '' }
      : null,
    containers: {
      total: info.Containers ?? 0,
      running: info.ContainersRunning ?? 0,
      paused: info.ContainersPaused ?? 0,
      stopped: info.ContainersStopped ?? 0,
    },
    images: info.Images ?? 0,
    warnings: info.Warnings ?? [],
  };
}

/**
 * A container's place on its networks, as a recreate must keep it: the
 * aliases (Compose names each service on its project's network by an alias,
 * and the other services reach it by that name), fixed addresses, links and
 * driver options, and every network it was connected to beyond its first.
 * A RunSpec names one network; without this a recreated service would come
 * back unreachable by the name its neighbours use.
 */
import type Docker from 'dockerode';
import type { RunSpec } from '#shared/run';
import { toRemoteError } from '../errors';

export interface EndpointJson {
  Aliases?: string[] | null;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] | null } | null;
  Links?: string[] | null;
  DriverOpts?: Record<string, string> | null;
}

export interface NetworkedJson {
  Id: string;
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: { Networks?: Record<string, EndpointJson> | null };
}

/** An endpoint as create and connect take it. */
export type EndpointConfig = Pick<Docker.EndpointSettings, 'Aliases' | 'IPAMConfig' | 'Links' | 'DriverOpts'>;

/** What the create body and the connects after it carry: the first network's endpoint, then the rest by name. */
export interface KeptEndpoints {
  primary: { network: string; config: EndpointConfig } | null;
  others: Array<{ network: string; config: EndpointConfig }>;
}

export const NO_ENDPOINTS: KeptEndpoints = { primary: null, others: [] };

/** The network a NetworkMode puts a container on first, or null for modes with no networks of their own. */
function networkOfMode(mode: string): string | null {
  if (mode === '' || mode === 'default') return 'bridge';
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return null;
  return mode;
}

/** What the user chose of an endpoint; what the engine made up (the old container's short id as an alias) stays behind. */
function chosenOf(endpoint: EndpointJson, oldId: string): EndpointConfig | null {
  const chosen: EndpointConfig = {};
  const aliases = (endpoint.Aliases ?? []).filter((alias) => alias !== oldId.slice(0, 12) && alias !== oldId);
  if (aliases.length > 0) chosen.Aliases = aliases;
  const ipam = endpoint.IPAMConfig;
  if (ipam && (ipam.IPv4Address || ipam.IPv6Address || (ipam.LinkLocalIPs ?? []).length > 0)) {
    chosen.IPAMConfig = { IPv4Address: ipam.IPv4Address, IPv6Address: ipam.IPv6Address, LinkLocalIPs: ipam.LinkLocalIPs ?? undefined };
  }
  if (endpoint.Links && endpoint.Links.length > 0) chosen.Links = endpoint.Links;
  if (endpoint.DriverOpts && Object.keys(endpoint.DriverOpts).length > 0) chosen.DriverOpts = endpoint.DriverOpts;
  return Object.keys(chosen).length > 0 ? chosen : null;
}

/**
 * The old container's endpoints that the new spec keeps: the endpoint on the
 * spec's network, whichever it was before, and every further network; the
 * old first network is left when the spec moves off it, and all of them when
 * the spec takes a mode that has none (host, none, another container's).
 */
export function keptEndpoints(old: NetworkedJson, spec: RunSpec): KeptEndpoints {
  const newPrimary = networkOfMode(spec.network);
  if (newPrimary === null) return NO_ENDPOINTS;
  const oldPrimary = networkOfMode(old.HostConfig?.NetworkMode ?? '');
  const kept: KeptEndpoints = { primary: null, others: [] };
  for (const [network, endpoint] of Object.entries(old.NetworkSettings?.Networks ?? {})) {
    if (network === newPrimary) {
      const config = chosenOf(endpoint, old.Id);
      if (config) kept.primary = { network, config };
    } else if (network !== oldPrimary) {
      kept.others.push({ network, config: chosenOf(endpoint, old.Id) ?? {} });
    }
  }
  return kept;
}

/** The create body's NetworkingConfig for the first network, when there is anything to keep. */
export function networkingConfigOf(kept: KeptEndpoints): { EndpointsConfig: Record<string, EndpointConfig> } | undefined {
  return kept.primary ? { EndpointsConfig: { [kept.primary.network]: kept.primary.config } } : undefined;
}

/** Connects a created (not yet started) container to the further networks, so it starts on all of them at once. */
export async function connectOthers(docker: Docker, id: string, kept: KeptEndpoints): Promise<void> {
  for (const { network, config } of kept.others) {
    try {
      await docker.getNetwork(network).connect({ Container: id, EndpointConfig: config });
    } catch (error) {
      throw toRemoteError(`Could not connect the container to ${network}`, error);
    }
  }
}

/**
 * Network actions, each checked in main before the engine is asked: a spec's
 * addresses (the contract's schema did that), a removal's confirmation and
 * whether any container still uses the network. Like container actions, the
 * change reaches the renderer through the event stream.
 */
import { requireConfirmed, type Deletion } from '#shared/confirm';
import type { RequestParsedArgs, RequestResult } from '#shared/contract';
import { networkCreateBody, onNetwork, PREDEFINED_NETWORKS } from '#shared/networks';
import { RemoteError } from '#shared/protocol';
import { clientOf } from '../client-of';
import type { Engine } from '../engine';
import { engineMessage, statusCodeOf, toRemoteError } from '../errors';
import type { NetworkJson } from '../normalise';

interface InspectedNetworkJson extends NetworkJson {
  Containers?: Record<string, { Name?: string }> | null;
}

function containerName(engine: Engine, id: string): string {
  return engine.store.get('container', id)?.name ?? id.slice(0, 12);
}

/** The containers Berth knows to be on the network, running or not (the engine's inspect lists only running ones). */
function usersOf(engine: Engine, network: InspectedNetworkJson): string[] {
  // A swarm overlay lists its load balancer under `lb-<network>` ("<network>-endpoint"): the engine's own, gone with the network.
  const running = Object.entries(network.Containers ?? {})
    .filter(([id]) => !id.startsWith('lb-'))
    .map(([id, c]) => c.Name || containerName(engine, id));
  const self = { id: network.Id, name: network.Name ?? '' };
  const stopped = engine.store
    .snapshot()
    .containers.filter((c) => c.networks.some((n) => onNetwork(n, self)))
    .map((c) => c.name);
  return [...new Set([...running, ...stopped])].sort();
}

function deletionOf(json: InspectedNetworkJson): Deletion {
  return { kind: 'network', id: json.Id, names: json.Name ? [json.Name] : [], also: [], alsoKind: '' };
}

async function inspectNetwork(engine: Engine, ref: string, action: string): Promise<InspectedNetworkJson> {
  try {
    return (await clientOf(engine).getNetwork(ref).inspect()) as InspectedNetworkJson;
  } catch (error) {
    throw toRemoteError(action, error);
  }
}

/**
 * The engine's refusal of a form's input in its words alone, so the form can
 * put them on the field they concern; a failure to reach the engine is said
 * as such.
 */
function refusal(action: string, error: unknown): RemoteError {
  const status = statusCodeOf(error);
  if (status === undefined) return toRemoteError(action, error);
  return new RemoteError({ code: status === 404 ? 'not-found' : status === 409 ? 'conflict' : 'bad-request', message: engineMessage(error) });
}

export async function createNetwork(engine: Engine, { spec }: RequestParsedArgs<'network.create'>): Promise<RequestResult<'network.create'>> {
  const docker = clientOf(engine);
  try {
    const network = await docker.createNetwork(networkCreateBody(spec) as unknown as Parameters<typeof docker.createNetwork>[0]);
    return { id: network.id };
  } catch (error) {
    throw refusal('Could not create the network', error);
  }
}

export async function connectNetwork(engine: Engine, { spec }: RequestParsedArgs<'network.connect'>): Promise<null> {
  const docker = clientOf(engine);
  const ipam = { ...(spec.ipv4 !== '' && { IPv4Address: spec.ipv4 }), ...(spec.ipv6 !== '' && { IPv6Address: spec.ipv6 }) };
  try {
    await docker.getNetwork(spec.network).connect({
      Container: spec.container,
      EndpointConfig: { Aliases: spec.aliases, ...(Object.keys(ipam).length > 0 && { IPAMConfig: ipam }) },
    });
  } catch (error) {
    throw refusal(`Could not connect ${containerName(engine, spec.container)}`, error);
  }
  // A stopped container's connect makes no engine event: read it now, so the Networks page shows it.
  engine.reread('container', spec.container);
  return null;
}

export async function disconnectNetwork(engine: Engine, { network, container, force }: RequestParsedArgs<'network.disconnect'>): Promise<null> {
  const docker = clientOf(engine);
  try {
    await docker.getNetwork(network).disconnect({ Container: container, Force: force });
  } catch (error) {
    throw toRemoteError(`Could not disconnect ${containerName(engine, container)}`, error);
  }
  return null;
}

/**
 * Removes one network: only the one the confirmation named (by the inspected
 * id, so a name taken over meanwhile cannot redirect it), never a predefined
 * one, and never while a container, running or stopped, is on it: a stopped
 * container whose network is gone cannot start again.
 */
export async function removeNetwork(engine: Engine, { id, confirmed }: RequestParsedArgs<'network.remove'>): Promise<null> {
  const json = await inspectNetwork(engine, id, `Could not remove network ${id}`);
  requireConfirmed(confirmed, deletionOf(json));
  const name = json.Name ?? id;
  if (PREDEFINED_NETWORKS.includes(name)) {
    throw new RemoteError({ code: 'conflict', message: `${name} is one of the engine's own networks and cannot be removed.` });
  }
  const users = usersOf(engine, json);
  if (users.length > 0) {
    throw new RemoteError({
      code: 'conflict',
      message: `Network ${name} is in use by ${users.join(', ')}: disconnect ${users.length === 1 ? 'it' : 'them'} (or remove ${users.length === 1 ? 'it' : 'them'}) first.`,
    });
  }
  try {
    await clientOf(engine).getNetwork(json.Id).remove();
  } catch (error) {
    throw toRemoteError(`Could not remove network ${name}`, error);
  }
  return null;
}

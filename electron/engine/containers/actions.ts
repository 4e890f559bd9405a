/**
 * Container lifecycle actions. Each one is a single engine call; the state
 * change reaches the renderer through the event stream, like any change made
 * with the docker CLI, so there is one path for updates, not two.
 */
import { isAnonymousVolumeName, requireConfirmed } from '#shared/confirm';
import { RemoteError } from '#shared/protocol';
import type { RequestParsedArgs } from '#shared/contract';
import type { Engine } from '../engine';
import { clientOf } from '../client-of';
import { statusCodeOf, toRemoteError } from '../errors';

function label(engine: Engine, ref: string): string {
  return engine.store.get('container', ref)?.name ?? ref;
}

/** Runs one call; a 304 ("already started/stopped") is success, other failures carry the engine's words. */
async function act(engine: Engine, verb: string, ref: string, call: () => Promise<unknown>): Promise<null> {
  try {
    await call();
  } catch (error) {
    if (statusCodeOf(error) !== 304) throw toRemoteError(`Could not ${verb} ${label(engine, ref)}`, error);
  }
  return null;
}

export function startContainer(engine: Engine, { id }: RequestParsedArgs<'container.start'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, 'start', id, () => docker.getContainer(id).start());
}

export function stopContainer(engine: Engine, { id, timeoutSeconds }: RequestParsedArgs<'container.stop'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, 'stop', id, () => docker.getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
}

export function restartContainer(engine: Engine, { id, timeoutSeconds }: RequestParsedArgs<'container.restart'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, 'restart', id, () => docker.getContainer(id).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
}

export function pauseContainer(engine: Engine, { id }: RequestParsedArgs<'container.pause'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, 'pause', id, () => docker.getContainer(id).pause());
}

export function unpauseContainer(engine: Engine, { id }: RequestParsedArgs<'container.unpause'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, 'unpause', id, () => docker.getContainer(id).unpause());
}

export function killContainer(engine: Engine, { id, signal }: RequestParsedArgs<'container.kill'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, `send ${signal} to`, id, () => docker.getContainer(id).kill({ signal }));
}

export function renameContainer(engine: Engine, { id, name }: RequestParsedArgs<'container.rename'>): Promise<null> {
  const docker = clientOf(engine);
  return act(engine, `rename ${label(engine, id)} to`, name, () => docker.getContainer(id).rename({ name }));
}

interface PortBindingsJson {
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null } | null;
}

/**
 * http://host:port/ for a container's published TCP port, from the engine's
 * bindings: a wildcard binding (0.0.0.0, ::) is reached on localhost.
 */
export async function publishedPortUrl(engine: Engine, { id, containerPort }: RequestParsedArgs<'container.openPort'>): Promise<URL> {
  const docker = clientOf(engine);
  let json: PortBindingsJson;
  try {
    json = (await docker.getContainer(id).inspect()) as unknown as PortBindingsJson;
  } catch (error) {
    throw toRemoteError(`Could not read the ports of ${label(engine, id)}`, error);
  }
  const binding = (json.NetworkSettings?.Ports?.[`${containerPort}/tcp`] ?? []).find((b) => b.HostPort);
  if (!binding?.HostPort) {
    throw new RemoteError({ code: 'not-found', message: `${label(engine, id)} does not publish port ${containerPort}/tcp on the host` });
  }
  const ip = binding.HostIp ?? '';
  const host = ip === '' || ip === '0.0.0.0' || ip === '::' ? 'localhost' : ip.includes(':') ? `[${ip}]` : ip;
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- a container's published port, for the user's browser: Berth cannot know whether it speaks TLS, and plain http is the common case
  return new URL(`http://${host}:${Number(binding.HostPort)}/`);
}

interface RemovedJson {
  Id: string;
  Name: string;
  Mounts?: Array<{ Type?: string; Name?: string }> | null;
}

/**
 * Removes a container only when the confirmation named it (and, with its
 * volumes, each anonymous volume that goes with it): one inspect says what
 * `id` designates now, and the removal goes to that inspected id, so a name
 * that moved to another container meanwhile cannot redirect it.
 */
export async function removeContainer(engine: Engine, { id, force, volumes, confirmed }: RequestParsedArgs<'container.remove'>): Promise<null> {
  const docker = clientOf(engine);
  let json: RemovedJson;
  try {
    json = (await docker.getContainer(id).inspect()) as unknown as RemovedJson;
  } catch (error) {
    throw toRemoteError(`Could not remove ${label(engine, id)}`, error);
  }
  const anonymous = (json.Mounts ?? []).flatMap((m) => (m.Type === 'volume' && m.Name && isAnonymousVolumeName(m.Name) ? [m.Name] : []));
  requireConfirmed(confirmed, {
    kind: 'container',
    id: json.Id,
    names: [json.Name],
    also: volumes ? anonymous : [],
    alsoKind: 'anonymous volume',
  });
  return act(engine, 'remove', id, () => docker.getContainer(json.Id).remove({ force, v: volumes }));
}

export async function inspectContainer(engine: Engine, { id }: RequestParsedArgs<'container.inspect'>): Promise<Record<string, unknown>> {
  const docker = clientOf(engine);
  try {
    return (await docker.getContainer(id).inspect()) as unknown as Record<string, unknown>;
  } catch (error) {
    throw toRemoteError(`Could not inspect ${label(engine, id)}`, error);
  }
}

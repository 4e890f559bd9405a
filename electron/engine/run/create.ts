/**
 * Create and start, leaving nothing half-made: a container the engine
 * created but could not start (a host port in use, a missing command) is
 * removed again, and the engine's words come back to the form. Requests
 * that grant host access are refused unless the confirmation dialog agreed.
 */
import { existsSync } from 'node:fs';
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { PullPolicy, RunSpec } from '#shared/run';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { createBody } from './create-body';
import { connectOthers, NO_ENDPOINTS, networkingConfigOf, type KeptEndpoints } from './endpoints';
import { hostAccessOf } from './host-access';
import { hasImage, type ImagePuller } from './pull';
import type { EngineDefaults } from './spec-from-inspect';

export function clientOf(engine: Engine): Docker {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}

export function engineDefaults(engine: Engine): EngineDefaults {
  const status = engine.status;
  // cgroup v1 has no private cgroup namespace by default; v2 (and an unknown engine) does.
  return { cgroupns: status.state === 'connected' && status.info.cgroupVersion === '1' ? 'host' : 'private' };
}

/** Refuses a spec that grants host access unless the confirmation dialog agreed; main judges, with the engine's help. */
export async function requireConfirmation(engine: Engine, docker: Docker, spec: RunSpec, confirmed: boolean): Promise<void> {
  if (confirmed) return;
  const reasons = await hostAccessOf(docker, spec, engineDefaults(engine));
  if (reasons.length > 0) {
    throw new RemoteError({
      code: 'bad-request',
      message: `This container would get access to the host (${reasons.join('; ')}); Berth runs it only after you confirm.`,
    });
  }
}

/** Host paths can be checked only when the engine runs on this machine. */
function engineIsLocal(engine: Engine): boolean {
  const url = engine.status.endpoint.url;
  return url.startsWith('unix://') || url.startsWith('npipe://');
}

export function checkBindSources(engine: Engine, spec: RunSpec): void {
  if (!engineIsLocal(engine)) return;
  for (const mount of spec.mounts) {
    // The engine would fail too, but only after creating the container.
    if (mount.type === 'bind' && !existsSync(mount.source)) {
      throw new RemoteError({ code: 'bad-request', message: `Could not run the container: Bind mount source ${mount.source} does not exist on the host` });
    }
  }
}

export async function ensureImage(docker: Docker, image: string, policy: PullPolicy, pull: ImagePuller): Promise<void> {
  if (policy === 'never') return;
  if (policy === 'missing' && (await hasImage(docker, image))) return;
  await pull(image);
}

/**
 * Creates and starts, on the networks `endpoints` keeps (a recreate's); on a
 * failed connect or start removes what it created. Returns the new id.
 */
export async function createAndStart(docker: Docker, spec: RunSpec, endpoints: KeptEndpoints = NO_ENDPOINTS): Promise<string> {
  let container: Docker.Container;
  try {
    const body = { ...createBody(spec), NetworkingConfig: networkingConfigOf(endpoints) };
    container = await docker.createContainer(body as unknown as Docker.ContainerCreateOptions);
  } catch (error) {
    throw toRemoteError('Could not create the container', error);
  }
  try {
    await connectOthers(docker, container.id, endpoints);
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw error;
  }
  try {
    await container.start();
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw toRemoteError('Could not start the container (it was removed again)', error);
  }
  return container.id;
}

export async function runContainer(engine: Engine, puller: ImagePuller, spec: RunSpec, pull: PullPolicy, confirmHostAccess: boolean): Promise<{ id: string }> {
  const docker = clientOf(engine);
  await requireConfirmation(engine, docker, spec, confirmHostAccess);
  checkBindSources(engine, spec);
  await ensureImage(docker, spec.image, pull, puller);
  return { id: await createAndStart(docker, spec) };
}

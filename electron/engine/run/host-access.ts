/**
 * Host access as main decides it (DESIGN.md, Security): the spec's own
 * settings (shared/run.ts, `hostAccessReasons`) plus what only the engine
 * knows. A named volume may be a bind of a host path in disguise (the local
 * driver with `o=bind`), and joining another container's network, PID or IPC
 * namespace (`container:<x>`) hands over whatever host access x has, so x
 * is inspected and judged by the same rules, following x's own joins.
 */
import type Docker from 'dockerode';
import {
  hostAccessOfJoin,
  hostAccessOfVolume,
  hostAccessReasons,
  joinedContainers,
  volumeBindSource,
  type RunSpec,
} from '#shared/run';
import { statusCodeOf, toRemoteError } from '../errors';
import { specFromInspect, type EngineDefaults, type RunInspectJson } from './spec-from-inspect';

interface VolumeJson {
  Driver?: string;
  Options?: Record<string, string> | null;
}

/** The inspect output, or null when the engine has no such object (the create then fails on its own). */
async function inspectOrNull<T>(what: string, inspect: () => Promise<unknown>): Promise<T | null> {
  try {
    return (await inspect()) as T;
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw toRemoteError(`Could not check ${what} for host access`, error);
  }
}

async function volumeReasons(docker: Docker, spec: RunSpec): Promise<string[]> {
  const reasons: string[] = [];
  for (const mount of spec.mounts) {
    // An anonymous volume, or one the engine creates now, has no driver options.
    if (mount.type !== 'volume' || mount.source === '') continue;
    const volume = await inspectOrNull<VolumeJson>(`the volume ${mount.source}`, () => docker.getVolume(mount.source).inspect());
    const source = volume === null ? null : volumeBindSource(volume.Driver ?? '', volume.Options ?? null);
    if (source !== null) reasons.push(hostAccessOfVolume(mount.source, source, mount.readOnly));
  }
  return reasons;
}

/**
 * Every reason `spec` grants host access. `seen` holds the containers
 * already judged on this path, so a loop of joins ends.
 */
export async function hostAccessOf(docker: Docker, spec: RunSpec, defaults: EngineDefaults, seen: ReadonlySet<string> = new Set()): Promise<string[]> {
  const reasons = [...hostAccessReasons(spec), ...(await volumeReasons(docker, spec))];
  for (const join of joinedContainers(spec)) {
    if (seen.has(join.container)) continue;
    const json = await inspectOrNull<RunInspectJson>(`the container ${join.container}`, () => docker.getContainer(join.container).inspect());
    if (json === null) continue;
    // Without the image every setting counts as chosen: the image's defaults grant nothing anyway.
    const its = await hostAccessOf(docker, specFromInspect(json, null, defaults), defaults, new Set([...seen, join.container, json.Id]));
    // By its name: the engine records a join by the other container's id.
    const reason = hostAccessOfJoin({ ...join, container: json.Name.replace(/^\//, '') || join.container }, its);
    if (reason !== null) reasons.push(reason);
  }
  return reasons;
}

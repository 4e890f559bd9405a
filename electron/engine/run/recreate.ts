/**
 * Edit and recreate: replace a container by one made from a new spec, under
 * the same name. The old one is kept (renamed, stopped) until the new one has
 * started; if anything fails, the new one is removed and the old one gets
 * its name and running state back. A failed recreate loses nothing.
 */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { RunSpec } from '#shared/run';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import type { ImagePuller } from './pull';
import { checkBindSources, clientOf, createAndStart, engineDefaults, ensureImage, requireConfirmation } from './create';
import { keptEndpoints, type NetworkedJson } from './endpoints';
import { specFromInspect, type EngineDefaults, type ImageConfigJson, type RunInspectJson } from './spec-from-inspect';

interface OldJson extends RunInspectJson {
  NetworkSettings?: NetworkedJson['NetworkSettings'];
  Image?: string;
  State?: { Running?: boolean; Paused?: boolean };
}

export async function inspectForSpec(docker: Docker, id: string, defaults: EngineDefaults): Promise<{ json: OldJson; spec: RunSpec }> {
  let json: OldJson;
  try {
    json = (await docker.getContainer(id).inspect()) as unknown as OldJson;
  } catch (error) {
    throw toRemoteError(`Could not read the settings of ${id}`, error);
  }
  let image: ImageConfigJson | null = null;
  try {
    // By the image's id: the tag may since point elsewhere, and its defaults are what the container got.
    image = (await docker.getImage(json.Image ?? json.Config?.Image ?? '').inspect()) as unknown as ImageConfigJson;
  } catch {
    image = null; // image removed since: every setting then counts as chosen
  }
  return { json, spec: specFromInspect(json, image, defaults) };
}

export async function recreateContainer(
  engine: Engine,
  puller: ImagePuller,
  args: { id: string; spec: RunSpec; pull: boolean; confirmHostAccess: boolean; mustStayUpMs?: number },
): Promise<{ id: string }> {
  const docker = clientOf(engine);
  await requireConfirmation(engine, docker, args.spec, args.confirmHostAccess);
  checkBindSources(engine, args.spec);
  const { json } = await inspectForSpec(docker, args.id, engineDefaults(engine));
  const name = json.Name.replace(/^\//, '');
  const wasRunning = json.State?.Running === true;
  const spec: RunSpec = { ...args.spec, name: args.spec.name || name };

  // Pull first: if the image cannot be had, nothing has been touched yet.
  await ensureImage(docker, spec.image, args.pull ? 'always' : 'missing', puller);

  const old = docker.getContainer(json.Id);
  const parkedName = `${name}-berth-old-${json.Id.slice(0, 12)}`;
  const renamed = spec.name === name;
  if (renamed) {
    try {
      await old.rename({ name: parkedName });
    } catch (error) {
      throw toRemoteError(`Could not rename ${name} out of the way`, error);
    }
  }

  const putBack = async (): Promise<string[]> => {
    const problems: string[] = [];
    if (renamed) await old.rename({ name }).catch((error: unknown) => problems.push(`rename it back: ${toRemoteError('', error).message}`));
    if (wasRunning) await old.start().catch((error: unknown) => problems.push(`start it again: ${toRemoteError('', error).message}`));
    return problems;
  };
  const fail = async (error: unknown): Promise<never> => {
    const problems = await putBack();
    const remote = toRemoteError('Could not recreate the container', error);
    if (problems.length === 0) throw new RemoteError({ code: remote.code, message: `${remote.message}. ${name} was put back as it was.` });
    throw new RemoteError({
      code: remote.code,
      message: `${remote.message}. The old container is kept as ${renamed ? parkedName : name}, but Berth could not ${problems.join(' or ')}`,
    });
  };

  if (wasRunning) {
    try {
      await old.stop();
    } catch (error) {
      return fail(error);
    }
  }
  let id: string;
  try {
    // The spec names one network; the old container's aliases, addresses and further networks come along.
    id = await createAndStart(docker, spec, keptEndpoints(json, spec));
  } catch (error) {
    return fail(error);
  }
  if (args.mustStayUpMs !== undefined) {
    try {
      await staysUp(docker, id, args.mustStayUpMs);
    } catch (error) {
      await docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined);
      return fail(error);
    }
  }
  // The new one runs: only now does the old one go (its named and reused volumes stay).
  await old.remove({ force: true, v: false }).catch((error: unknown) => {
    console.warn(`berth: recreated ${name}, but could not remove the old container ${parkedName}`, error);
  });
  return { id };
}

/**
 * Resolves once the started container has kept running for `ms`; rejects,
 * with its exit code and error, if the engine says it stopped before (the
 * engine's wait, not a poll). An image whose entrypoint exits at once starts
 * fine and dies a moment later: an update must not call that a success.
 */
async function staysUp(docker: Docker, id: string, ms: number): Promise<void> {
  const container = docker.getContainer(id);
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const settled = new Promise<'up'>((resolve) => {
    timer = setTimeout(() => resolve('up'), ms);
  });
  const ended = container.wait({ condition: 'not-running', abortSignal: stop.signal }) as Promise<{ StatusCode?: number }>;
  try {
    const first = await Promise.race([settled, ended]);
    if (first === 'up') return;
    const json = (await container.inspect().catch(() => null)) as { State?: { ExitCode?: number; Error?: string } } | null;
    const why = json?.State?.Error ? `: ${json.State.Error}` : '';
    throw new RemoteError({ code: 'engine', message: `The new container stopped within ${ms / 1000} s of starting (exit code ${json?.State?.ExitCode ?? first.StatusCode ?? '?'}${why})` });
  } finally {
    clearTimeout(timer);
    // Still running: end the engine's wait request, or it stays open as long as the container runs.
    stop.abort();
    ended.catch(() => undefined);
  }
}

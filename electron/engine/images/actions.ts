/**
 * One image's requests: its page (config and history), tag, and remove. Like
 * the containers' actions, each is an engine call whose effect reaches the
 * renderer through the event stream.
 */
import type Docker from 'dockerode';
import { requireConfirmed } from '#shared/confirm';
import type { RequestParsedArgs, RequestResult } from '#shared/contract';
import type { ImageDetails } from '#shared/images';
import { RemoteError } from '#shared/protocol';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { parseTime } from '../normalise';

export function clientOf(engine: Engine): Docker {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}

/** The fields of an image's inspect that Berth reads, as the engine sends them (many may be null). */
export interface DetailedImageJson {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: string;
  Author?: string;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  Config?: {
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Env?: string[] | null;
    ExposedPorts?: Record<string, unknown> | null;
    Volumes?: Record<string, unknown> | null;
    User?: string;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
  } | null;
  RootFS?: { Layers?: string[] | null } | null;
}

interface HistoryJson {
  Created?: number;
  CreatedBy?: string;
  Size?: number;
  Comment?: string;
}

export async function inspectImage(docker: Docker, ref: string): Promise<DetailedImageJson> {
  try {
    return (await docker.getImage(ref).inspect()) as unknown as DetailedImageJson;
  } catch (error) {
    throw toRemoteError(`Could not read image ${ref}`, error);
  }
}

/** Dockerfile instructions that set only config: a step of these made no layer. */
const CONFIG_ONLY = new Set(['ENV', 'CMD', 'ENTRYPOINT', 'LABEL', 'EXPOSE', 'VOLUME', 'USER', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'MAINTAINER']);

/**
 * Whether a step of the engine's history made no layer. The history API does
 * not say (only the config's `empty_layer` does), and a RUN that only
 * deletes makes a layer of 0 bytes, so a 0-byte step is empty only when its
 * instruction sets config: "ENV …" (BuildKit) or "/bin/sh -c #(nop)  ENV …"
 * (the legacy builder; its RUN steps carry no "#(nop)").
 */
export function isEmptyStep(createdBy: string, size: number): boolean {
  if (size > 0) return false;
  const instruction = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').trimStart().split(/\s/, 1)[0] ?? '';
  return CONFIG_ONLY.has(instruction.toUpperCase());
}

const realTags = (tags: string[] | null | undefined): string[] => (tags ?? []).filter((t) => t !== '<none>:<none>');

export async function imageDetails(engine: Engine, { id }: RequestParsedArgs<'image.details'>): Promise<ImageDetails> {
  const docker = clientOf(engine);
  const json = await inspectImage(docker, id);
  let history: HistoryJson[];
  try {
    history = (await docker.getImage(json.Id).history()) as HistoryJson[];
  } catch (error) {
    throw toRemoteError(`Could not read the history of image ${id}`, error);
  }
  const config = json.Config ?? {};
  return {
    id: json.Id,
    tags: realTags(json.RepoTags),
    repoDigests: (json.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
    size: json.Size ?? 0,
    created: parseTime(json.Created),
    os: json.Os ?? '',
    architecture: json.Architecture ?? '',
    variant: json.Variant || null,
    author: json.Author ?? '',
    entrypoint: config.Entrypoint ?? null,
    cmd: config.Cmd ?? null,
    env: config.Env ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    volumes: Object.keys(config.Volumes ?? {}).sort(),
    user: config.User ?? '',
    workingDir: config.WorkingDir ?? '',
    labels: config.Labels ?? {},
    layers: json.RootFS?.Layers ?? [],
    // The engine lists the newest step first; the page reads bottom up, as a Dockerfile does.
    history: history.reverse().map((step) => ({
      createdBy: step.CreatedBy ?? '',
      created: step.Created ? step.Created * 1000 : null,
      size: step.Size ?? 0,
      empty: isEmptyStep(step.CreatedBy ?? '', step.Size ?? 0),
      comment: step.Comment ?? '',
    })),
  };
}

export async function tagImage(engine: Engine, { id, repository, tag }: RequestParsedArgs<'image.tag'>): Promise<null> {
  const docker = clientOf(engine);
  try {
    await docker.getImage(id).tag({ repo: repository, tag });
  } catch (error) {
    throw toRemoteError(`Could not tag image ${id} as ${repository}:${tag}`, error);
  }
  return null;
}

/** The names of the containers (any state) that the engine's state says use the image. */
export function containersUsing(engine: Engine, imageId: string): string[] {
  return engine.store
    .snapshot()
    .containers.filter((c) => c.imageId === imageId)
    .map((c) => c.name);
}

/** "name" means "name:latest", as the CLI reads it; a digest reference stays as it is. */
function withTag(ref: string): string {
  if (ref.includes('@')) return ref;
  return /:[^/]+$/.test(ref) ? ref : `${ref}:latest`;
}

interface RemovedJson {
  Untagged?: string;
  Deleted?: string;
}

/**
 * Removes what the confirmation named: a tag (the image goes with its last
 * one) or, by id, the image with all its tags. One inspect says what `ref`
 * is now; an id is removed by the inspected id. With `force`, every
 * container that uses the image must have been named too.
 */
export async function removeImage(engine: Engine, { ref, force, confirmed }: RequestParsedArgs<'image.remove'>): Promise<RequestResult<'image.remove'>> {
  const docker = clientOf(engine);
  const json = await inspectImage(docker, ref);
  const tags = realTags(json.RepoTags);
  const tag = tags.find((t) => t === withTag(ref));
  requireConfirmed(confirmed, { kind: 'image', id: json.Id, names: tag === undefined ? tags : [tag], also: [], alsoKind: 'container' });
  const users = containersUsing(engine, json.Id);
  const unnamed = users.filter((name) => !confirmed.also.includes(name));
  if (force && unnamed.length > 0) {
    throw new RemoteError({
      code: 'unconfirmed',
      message: `Berth did not remove ${tag ?? json.Id.slice(7, 19)}: container${unnamed.length === 1 ? '' : 's'} ${unnamed.join(', ')} use${unnamed.length === 1 ? 's' : ''} it, and the confirmation did not name ${unnamed.length === 1 ? 'it' : 'them'}.`,
    });
  }
  let removed: RemovedJson[];
  try {
    removed = (await docker.getImage(tag ?? json.Id).remove({ force })) as RemovedJson[];
  } catch (error) {
    throw toRemoteError(`Could not remove ${tag ?? `image ${json.Id.slice(7, 19)}`}`, error);
  }
  return {
    untagged: removed.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
    deleted: removed.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
  };
}

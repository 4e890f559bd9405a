/**
 * What an update changes, before it starts: the image a container runs
 * against the one its tag names now, compared on what reaches the container
 * (digest, env, entrypoint, command, exposed ports), in words.
 */
import type Docker from 'dockerode';
import { namesATag, type ImageFacts } from '#shared/registries';
import { RemoteError } from '#shared/protocol';
import { statusCodeOf, toRemoteError } from '../errors';
import { parseReference } from '../../registries/manifest';
import { withTag } from './updates';

interface ImageJson {
  Id: string;
  Created?: string;
  RepoDigests?: string[] | null;
  Config?: { Env?: string[] | null; Entrypoint?: string[] | null; Cmd?: string[] | null; ExposedPorts?: Record<string, unknown> | null } | null;
}

function factsOf(json: ImageJson, reference: string): ImageFacts {
  const { registry, repository } = parseReference(reference);
  const digest =
    (json.RepoDigests ?? []).find((d) => {
      const p = parseReference(d);
      return p.registry === registry && p.repository === repository;
    }) ?? null;
  return {
    id: json.Id,
    digest: digest?.replace(/^.*@/, '') ?? null,
    created: json.Created ?? '',
    env: json.Config?.Env ?? [],
    entrypoint: json.Config?.Entrypoint ?? null,
    cmd: json.Config?.Cmd ?? null,
    exposedPorts: Object.keys(json.Config?.ExposedPorts ?? {}).sort(),
  };
}

const shown = (value: string[] | null): string => (value === null ? '(none)' : JSON.stringify(value));

/** Each difference between the two images, in words; none when they are one image. */
export function imageChanges(before: ImageFacts, after: ImageFacts): string[] {
  if (before.id === after.id) return [];
  const changes = [`image ${before.digest ?? before.id.slice(0, 19)} → ${after.digest ?? after.id.slice(0, 19)}`];
  const added = after.env.filter((line) => !before.env.includes(line));
  const removed = before.env.filter((line) => !after.env.includes(line));
  if (added.length > 0) changes.push(`environment adds ${added.join(', ')}`);
  if (removed.length > 0) changes.push(`environment drops ${removed.join(', ')}`);
  if (shown(before.entrypoint) !== shown(after.entrypoint)) changes.push(`entrypoint ${shown(before.entrypoint)} → ${shown(after.entrypoint)}`);
  if (shown(before.cmd) !== shown(after.cmd)) changes.push(`command ${shown(before.cmd)} → ${shown(after.cmd)}`);
  const portsAdded = after.exposedPorts.filter((port) => !before.exposedPorts.includes(port));
  const portsGone = before.exposedPorts.filter((port) => !after.exposedPorts.includes(port));
  if (portsAdded.length > 0) changes.push(`exposes ${portsAdded.join(', ')}`);
  if (portsGone.length > 0) changes.push(`no longer exposes ${portsGone.join(', ')}`);
  return changes;
}

export async function updateChanges(docker: Docker, id: string): Promise<{ reference: string; before: ImageFacts; after: ImageFacts | null; changes: string[] }> {
  let container: { Image: string; Config?: { Image?: string } };
  try {
    container = (await docker.getContainer(id).inspect()) as unknown as typeof container;
  } catch (error) {
    throw toRemoteError(`Could not read container ${id}`, error);
  }
  const tag = container.Config?.Image ?? '';
  if (!namesATag(tag)) {
    throw new RemoteError({ code: 'bad-request', message: `Container ${id} runs an image by id or digest (${tag}): there is no tag to update it to.` });
  }
  const reference = withTag(tag);
  const before = factsOf((await docker.getImage(container.Image).inspect()) as unknown as ImageJson, reference);
  let after: ImageFacts | null = null;
  try {
    after = factsOf((await docker.getImage(reference).inspect()) as unknown as ImageJson, reference);
  } catch (error) {
    if (statusCodeOf(error) !== 404) throw toRemoteError(`Could not read the image ${reference}`, error);
  }
  return { reference, before, after, changes: after === null ? [`${reference} is not on this engine: pull it first`] : imageChanges(before, after) };
}

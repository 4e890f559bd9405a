/**
 * Update several containers (a selection, a Compose project): the dialog
 * has pulled each distinct tag once and shown what changes; here each
 * container is recreated in turn on the image its tag names, through the
 * one recreate-with-rollback path that Edit uses. One container's failure
 * never stops the others, and each gets its own result, decided from what
 * the engine says afterwards, not from the error's wording.
 */
import type Docker from 'dockerode';
import { UPDATE_MUST_STAY_UP_MS, namesATag, type UpdateResult, type UpdateTarget } from '#shared/registries';
import type { Engine } from '../engine';
import { statusCodeOf, toRemoteError } from '../errors';
import { clientOf, engineDefaults } from '../run/create';
import type { ImagePuller } from '../run/pull';
import { inspectForSpec, recreateContainer } from '../run/recreate';
import { withTag } from './updates';

interface ContainerJson {
  Id: string;
  Name: string;
  Image: string;
  Config?: { Image?: string };
}

async function inspectOrNull(docker: Docker, id: string): Promise<ContainerJson | null> {
  try {
    return (await docker.getContainer(id).inspect()) as unknown as ContainerJson;
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}

async function imageIdOf(docker: Docker, reference: string): Promise<string | null> {
  try {
    return ((await docker.getImage(reference).inspect()) as unknown as { Id: string }).Id;
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}

async function updateOne(engine: Engine, puller: ImagePuller, target: UpdateTarget): Promise<UpdateResult> {
  const docker = clientOf(engine);
  const json = await inspectOrNull(docker, target.id);
  const skipped = (name: string, reason: string): UpdateResult => ({ id: target.id, name, outcome: 'skipped', newId: null, reason });
  if (json === null) return skipped(target.id, 'it no longer exists');
  const name = json.Name.replace(/^\//, '');
  const tag = json.Config?.Image ?? '';
  if (!namesATag(tag)) return skipped(name, `it runs an image by id or digest (${tag}): there is no tag to update it to`);
  const reference = withTag(tag);
  const now = await imageIdOf(docker, reference);
  if (now === null) return skipped(name, `${reference} is not on this engine: pull it first`);
  if (now !== target.image) return skipped(name, `${reference} names another image (${now.slice(7, 19)}) than the one shown (${target.image.slice(7, 19)}): check again`);
  if (json.Image === now) return skipped(name, `it already runs the image ${reference} names`);

  const { spec } = await inspectForSpec(docker, json.Id, engineDefaults(engine));
  try {
    // Its own settings, read here: recreating grants nothing it did not have, so its host access was confirmed when it was made.
    const { id } = await recreateContainer(engine, puller, { id: json.Id, spec, pull: false, confirmHostAccess: true, mustStayUpMs: UPDATE_MUST_STAY_UP_MS });
    return { id: target.id, name, outcome: 'updated', newId: id, reason: null };
  } catch (error) {
    const reason = toRemoteError('Could not recreate it', error).message;
    const after = await inspectOrNull(docker, json.Id).catch(() => null);
    const putBack = after !== null && after.Name === json.Name && after.Image === json.Image;
    return { id: target.id, name, outcome: putBack ? 'rolled-back' : 'failed', newId: null, reason };
  }
}

export async function applyUpdates(engine: Engine, puller: ImagePuller, targets: readonly UpdateTarget[]): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  // One at a time: a Compose project is never all down at once, and the engine is not asked to stop and start everything together.
  for (const target of targets) {
    try {
      results.push(await updateOne(engine, puller, target));
    } catch (error) {
      results.push({ id: target.id, name: target.id, outcome: 'failed', newId: null, reason: toRemoteError('Could not read the container', error).message });
    }
  }
  return results;
}

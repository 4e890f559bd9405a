/**
 * An upload replaces a file of the same name without a word from the engine
 * (`PUT /containers/{id}/archive` overwrites). So main looks first: each
 * target that exists must be among the paths the user's confirmation named,
 * or nothing is uploaded and the refusal names them. It looks again when the
 * bytes arrive (transfers.ts): a file that appeared in between was named by
 * no confirmation either.
 */
import type Docker from 'dockerode';
import { joinPath } from '#shared/files';
import { RemoteError } from '#shared/protocol';
import { statusCodeOf } from '../errors';
import { listError } from './list';

/** Whether `path` exists in the container now (`HEAD /containers/{id}/archive`, which reads nothing). */
export async function existsInContainer(docker: Docker, id: string, path: string): Promise<boolean> {
  try {
    const stat = (await docker.getContainer(id).infoArchive({ path })) as unknown as { destroy?: () => void };
    stat.destroy?.();
    return true;
  } catch (error) {
    if (statusCodeOf(error) === 404) return false;
    throw listError(path, error);
  }
}

async function existing(docker: Docker, id: string, targets: readonly string[]): Promise<string[]> {
  const found = await Promise.all(targets.map((path) => existsInContainer(docker, id, path)));
  return targets.filter((_, index) => found[index]);
}

/** Throws the refusal (code `unconfirmed`) when an upload would replace a file the confirmation did not name. */
export async function requireReplaceConfirmed(docker: Docker, id: string, folder: string, names: readonly string[], replace: readonly string[]): Promise<void> {
  const unnamed = (await existing(docker, id, names.map((name) => joinPath(folder, name)))).filter((path) => !replace.includes(path));
  if (unnamed.length === 0) return;
  const them = unnamed.length === 1 ? 'it' : 'them';
  throw new RemoteError({
    code: 'unconfirmed',
    message: `Berth uploaded nothing: ${unnamed.join(', ')} already ${unnamed.length === 1 ? 'exists' : 'exist'} in the container, and the confirmation did not say to replace ${them}.`,
  });
}

/**
 * An upload replaces a file of the same name without a word from the engine
 * (`PUT /containers/{id}/archive` overwrites). So main looks first: each
 * target that exists must be among the paths the user's confirmation named,
 * or nothing is uploaded and the refusal names them.
 */
import type Docker from 'dockerode';
import { joinPath } from '#shared/files';
import { RemoteError } from '#shared/protocol';
import { statusCodeOf } from '../errors';
import { listError } from './list';

/** The targets that exist now (`HEAD /containers/{id}/archive`, which reads nothing). */
async function existing(docker: Docker, id: string, targets: readonly string[]): Promise<string[]> {
  const container = docker.getContainer(id);
  const found = await Promise.all(
    targets.map(async (path) => {
      try {
        const stat = (await container.infoArchive({ path })) as unknown as { destroy?: () => void };
        stat.destroy?.();
        return true;
      } catch (error) {
        if (statusCodeOf(error) === 404) return false;
        throw listError(path, error);
      }
    }),
  );
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

/**
 * A build context made in main: the folder walked and streamed as a tar
 * (never held whole in memory), leaving out what its .dockerignore excludes
 * as the docker CLI does (@balena/dockerignore is its matcher, ported). The
 * Dockerfile and the .dockerignore itself always go, as with the CLI, so the
 * engine can read them; a folder that is excluded is still walked when an
 * exception ("!pattern") could bring something inside it back.
 */
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import ignore from '@balena/dockerignore';
import type { Pack } from 'tar-stream';
import { loadTar } from '../files/tar';

export interface BuildContext {
  /** The tar, streamed as the folder is read. */
  tar: Pack;
  /** Resolves when every entry is in; rejects with what could not be read. */
  done: Promise<void>;
}

async function readIgnoreFile(context: string): Promise<string[]> {
  try {
    const text = await readFile(join(context, '.dockerignore'), 'utf8');
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Whether `dockerfile` (relative to the context) is a file there; the engine's own message for a missing one names no path. */
export async function dockerfileProblem(context: string, dockerfile: string): Promise<string | null> {
  try {
    const found = await lstat(join(context, dockerfile));
    return found.isFile() ? null : `${dockerfile} in ${context} is not a file`;
  } catch {
    return `There is no ${dockerfile} in ${context}`;
  }
}

export async function contextTar(context: string, dockerfile: string): Promise<BuildContext> {
  const root = await lstat(context).catch(() => null);
  if (!root?.isDirectory()) throw new Error(`The context folder ${context} does not exist on this machine`);
  const patterns = await readIgnoreFile(context);
  const matcher = ignore({ ignorecase: false }).add(patterns);
  const hasExceptions = patterns.some((pattern) => pattern.startsWith('!'));
  const always = new Set([dockerfile.replace(/\\/g, '/').replace(/^\.\//, ''), '.dockerignore']);
  const tar = await loadTar();
  const pack = tar.pack();

  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(join(context, relative))).sort();
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const full = join(context, path);
      const stat = await lstat(full);
      const ignored = !always.has(path) && matcher.ignores(path);
      const header = { name: path, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 };
      if (stat.isDirectory()) {
        if (!ignored) pack.entry({ ...header, type: 'directory' });
        if (!ignored || hasExceptions) await walk(path);
      } else if (ignored) {
        continue;
      } else if (stat.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: await readlink(full) });
      } else if (stat.isFile()) {
        const entry = pack.entry({ ...header, type: 'file', size: stat.size });
        await pipeline(createReadStream(full), entry);
      }
      // Sockets, pipes and devices have no place in an image's context: the CLI skips them too.
    }
  };
  const done = walk('').then(
    () => {
      pack.finalize();
    },
    (error: unknown) => {
      pack.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    },
  );
  return { tar: pack, done };
}

/**
 * The docker CLI's config.json, as far as credentials go: `auths` (inline
 * base64 "user:password", or an identity token), `credsStore` (the helper for
 * every registry) and `credHelpers` (a helper per registry). Read fresh each
 * time (the CLI may change it meanwhile); written only to take an inline
 * credential out on logout, whole to a temporary file renamed over the old,
 * every other field kept as it was.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const ConfigSchema = z
  .object({
    auths: z.record(z.string(), z.object({ auth: z.string().optional(), identitytoken: z.string().optional() }).loose()).optional(),
    credsStore: z.string().regex(HELPER_NAME).optional(),
    credHelpers: z.record(z.string(), z.string().regex(HELPER_NAME)).optional(),
  })
  .loose();
export type DockerConfig = z.infer<typeof ConfigSchema>;

/** The folder the CLI reads: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: Record<string, string | undefined> = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

export async function readDockerConfig(dir: string): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(join(dir, 'config.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = ConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${join(dir, 'config.json')} is not a docker config Berth can read: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The user name and secret of an inline `auth` ("user:password" in base64). */
export function decodeInlineAuth(auth: string): { username: string; password: string } | null {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Removes `registry` from `auths`; false when it had no entry there. */
export async function removeInlineAuth(dir: string, registry: string): Promise<boolean> {
  const path = join(dir, 'config.json');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const auths = raw.auths as Record<string, unknown> | undefined;
  if (!auths || !Object.hasOwn(auths, registry)) return false;
  delete auths[registry];
  const temporary = `${path}.berth-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(raw, null, '\t')}\n`, { mode: 0o600 });
  await rename(temporary, path);
  return true;
}

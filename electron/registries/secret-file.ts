/**
 * Berth's own credential file, for logins made where no docker credential
 * helper is configured: each secret encrypted by the SecretBox (Electron's
 * safeStorage, the system keychain's key) before it touches the disk, the
 * user name beside it in the clear as config.json has it. Written whole and
 * renamed into place, mode 0600.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** Encryption the platform gives (Electron's safeStorage); browser mode has none. */
export interface SecretBox {
  /** Why new secrets cannot be kept safely (safeStorage's backend is basic_text, or none), or null. */
  problem(): string | null;
  /** Where the key lives, in words ("the system keychain"). */
  readonly where: string;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

const FileSchema = z.object({
  version: z.literal(1),
  registries: z.record(z.string(), z.object({ username: z.string(), secret: z.string() })),
});
type FileShape = z.infer<typeof FileSchema>;

/** The secret itself: a password, or the identity token a registry gave at login. */
export interface Secret {
  password?: string;
  identitytoken?: string;
}

export class SecretFile {
  constructor(
    private readonly path: string,
    private readonly box: SecretBox,
  ) {}

  private async load(): Promise<FileShape> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      return parsed.success ? parsed.data : { version: 1, registries: {} };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, registries: {} };
      throw error;
    }
  }

  private async write(file: FileShape): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(file, null, 2), { mode: 0o600 });
    await rename(temporary, this.path);
  }

  async usernames(): Promise<Record<string, string>> {
    const file = await this.load();
    return Object.fromEntries(Object.entries(file.registries).map(([registry, entry]) => [registry, entry.username]));
  }

  async get(registry: string): Promise<{ username: string; secret: Secret } | null> {
    const entry = (await this.load()).registries[registry];
    if (!entry) return null;
    try {
      return { username: entry.username, secret: JSON.parse(this.box.decrypt(Buffer.from(entry.secret, 'base64'))) as Secret };
    } catch {
      // Encrypted under another key (another user, a reinstalled keychain): as good as none.
      return null;
    }
  }

  async put(registry: string, username: string, secret: Secret): Promise<void> {
    const file = await this.load();
    file.registries[registry] = { username, secret: this.box.encrypt(JSON.stringify(secret)).toString('base64') };
    await this.write(file);
  }

  async remove(registry: string): Promise<boolean> {
    const file = await this.load();
    if (!Object.hasOwn(file.registries, registry)) return false;
    delete file.registries[registry];
    await this.write(file);
    return true;
  }
}

/**
 * A docker credential helper (`docker-credential-<name>`), spoken to as the
 * CLI does: the verb as its argument, the server URL or a JSON credential on
 * its stdin, JSON on its stdout. Run with execFile (no shell), its name
 * checked by config.json's reader.
 */
import { execFile } from 'node:child_process';

/** What `get` answers. */
export interface HelperCredential {
  ServerURL?: string;
  Username: string;
  Secret: string;
}

/** The helper found nothing for that registry: its own words, which every helper shares. */
const NOT_FOUND = /credentials not found|not found in native keychain|no credentials/i;

export class CredentialHelper {
  constructor(
    readonly name: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get program(): string {
    return `docker-credential-${this.name}`;
  }

  private run(verb: 'get' | 'store' | 'erase' | 'list', input: string): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const child = execFile(this.program, [verb], { env: this.env, timeout: 30_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (NOT_FOUND.test(stdout) || NOT_FOUND.test(stderr)) return resolve(null);
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'it is not installed (not on PATH)' : (stderr || stdout || error.message).trim();
        reject(new Error(`The credential helper ${this.program} could not ${verb}: ${why}`));
      });
      child.stdin?.end(input);
    });
  }

  async get(registry: string): Promise<HelperCredential | null> {
    const out = await this.run('get', registry);
    if (out === null) return null;
    const parsed = JSON.parse(out) as Partial<HelperCredential>;
    if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string') return null;
    return { Username: parsed.Username, Secret: parsed.Secret, ServerURL: parsed.ServerURL ?? registry };
  }

  async store(registry: string, username: string, secret: string): Promise<void> {
    await this.run('store', JSON.stringify({ ServerURL: registry, Username: username, Secret: secret }));
  }

  async erase(registry: string): Promise<void> {
    await this.run('erase', registry);
  }

  /** Registry → user name, for every credential the helper holds. */
  async list(): Promise<Record<string, string>> {
    const out = await this.run('list', '');
    return out === null ? {} : (JSON.parse(out) as Record<string, string>);
  }
}

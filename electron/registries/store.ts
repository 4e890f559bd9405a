/**
 * The user's registry credentials, found where the docker CLI finds them:
 * a registry's own helper (`credHelpers`), else the `credsStore` helper, else
 * config.json's inline `auths`; and Berth's own for logins made with no
 * helper configured: its encrypted file when a SecretBox can keep them,
 * else (browser mode, or safeStorage on basic_text) memory until Berth
 * stops, which the list and the login say plainly. Nothing here is ever
 * sent to the renderer but registry names, user names and where each is kept.
 */
import { RemoteError } from '#shared/protocol';
import type { Credential } from '#shared/registries';
import type { Credentials, DockerAuth } from '../engine/jobs/auth';
import { decodeInlineAuth, readDockerConfig, removeInlineAuth, type DockerConfig } from './docker-config';
import { CredentialHelper } from './helper';
import { SecretFile, type Secret, type SecretBox } from './secret-file';

export interface CredentialStoreOptions {
  /** The docker CLI's config folder (DOCKER_CONFIG or ~/.docker). */
  configDir: string;
  /** Berth's own encrypted file, used when a box is given. */
  secretPath: string;
  box?: SecretBox;
  /** The environment helpers run in (their PATH finds them). */
  env?: NodeJS.ProcessEnv;
}

const SESSION = 'this session only (not kept when Berth stops)';
/** The username a helper stores with an identity token, as the CLI writes it. */
const TOKEN_USER = '<token>';

function toAuth(registry: string, username: string, secret: Secret): DockerAuth {
  return secret.identitytoken ? { serveraddress: registry, identitytoken: secret.identitytoken } : { serveraddress: registry, username, password: secret.password ?? '' };
}

export class CredentialStore implements Credentials {
  private readonly session = new Map<string, { username: string; secret: Secret }>();
  private readonly file: SecretFile | null;

  constructor(private readonly options: CredentialStoreOptions) {
    this.file = options.box ? new SecretFile(options.secretPath, options.box) : null;
  }

  private helper(name: string): CredentialHelper {
    return new CredentialHelper(name, this.options.env);
  }

  private config(): Promise<DockerConfig> {
    return readDockerConfig(this.options.configDir);
  }

  /** The helper that keeps `registry`'s credential by the CLI's rule, or null for config.json itself. */
  private helperFor(config: DockerConfig, registry: string): CredentialHelper | null {
    const name = config.credHelpers?.[registry] ?? config.credsStore;
    return name ? this.helper(name) : null;
  }

  /** Where a new login is kept, or why it cannot be kept safely. */
  async storage(): Promise<{ available: boolean; note: string }> {
    const config = await this.config();
    if (config.credsStore) return { available: true, note: `New logins go to docker-credential-${config.credsStore}, as the docker CLI’s would.` };
    const problem = this.options.box ? this.options.box.problem() : 'Browser mode has no system keychain to encrypt credentials with';
    if (problem === null && this.options.box) return { available: true, note: `New logins are encrypted with ${this.options.box.where} (no docker credential helper is configured).` };
    return {
      available: false,
      note: `${problem}, so Berth cannot keep a new login securely: it lasts until Berth stops. Configure a docker credential helper (credsStore in config.json) to keep logins.`,
    };
  }

  async forRegistry(registry: string): Promise<DockerAuth | null> {
    const config = await this.config();
    const own = config.credHelpers?.[registry];
    if (own) return this.fromHelper(this.helper(own), registry);
    const session = this.session.get(registry);
    if (session) return toAuth(registry, session.username, session.secret);
    const kept = await this.file?.get(registry);
    if (kept) return toAuth(registry, kept.username, kept.secret);
    if (config.credsStore) {
      const found = await this.fromHelper(this.helper(config.credsStore), registry);
      if (found) return found;
    }
    const inline = config.auths?.[registry];
    if (inline?.identitytoken) return { serveraddress: registry, identitytoken: inline.identitytoken };
    const decoded = inline?.auth ? decodeInlineAuth(inline.auth) : null;
    return decoded ? { serveraddress: registry, ...decoded } : null;
  }

  private async fromHelper(helper: CredentialHelper, registry: string): Promise<DockerAuth | null> {
    const found = await helper.get(registry);
    if (!found) return null;
    return found.Username === TOKEN_USER ? { serveraddress: registry, identitytoken: found.Secret } : { serveraddress: registry, username: found.Username, password: found.Secret };
  }

  async all(): Promise<Record<string, DockerAuth>> {
    const entries = await Promise.all(
      (await this.list()).map(async ({ registry }) => [registry, await this.forRegistry(registry).catch(() => null)] as const),
    );
    return Object.fromEntries(entries.filter((entry): entry is readonly [string, DockerAuth] => entry[1] !== null));
  }

  /** Every registry with a credential, its user name and where it is kept. */
  async list(): Promise<Credential[]> {
    const config = await this.config();
    const found = new Map<string, Credential>();
    const add = (registry: string, username: string, store: string): void => {
      if (!found.has(registry)) found.set(registry, { registry, username: username === TOKEN_USER ? '(access token)' : username, store });
    };
    for (const [registry, name] of Object.entries(config.credHelpers ?? {})) {
      const credential = await this.helper(name).get(registry).catch(() => null);
      if (credential) add(registry, credential.Username, `docker-credential-${name}`);
    }
    for (const [registry, entry] of this.session) add(registry, entry.username, SESSION);
    if (this.file) for (const [registry, username] of Object.entries(await this.file.usernames())) add(registry, username, `Berth (encrypted with ${this.options.box?.where ?? 'the system keychain'})`);
    if (config.credsStore) {
      for (const [registry, username] of Object.entries(await this.helper(config.credsStore).list())) add(registry, username, `docker-credential-${config.credsStore}`);
    }
    for (const [registry, entry] of Object.entries(config.auths ?? {})) {
      if (entry.identitytoken) add(registry, '(access token)', 'config.json');
      else if (entry.auth) add(registry, decodeInlineAuth(entry.auth)?.username ?? '', 'config.json (not encrypted)');
    }
    return [...found.values()].sort((a, b) => a.registry.localeCompare(b.registry));
  }

  /** Keeps a credential the registry accepted; returns where it went, in words. */
  async save(registry: string, username: string, secret: Secret): Promise<string> {
    const config = await this.config();
    const helper = this.helperFor(config, registry);
    if (helper) {
      await helper.store(registry, secret.identitytoken ? TOKEN_USER : username, secret.identitytoken ?? secret.password ?? '');
      this.session.delete(registry);
      return helper.program;
    }
    if (this.file && this.options.box?.problem() === null) {
      await this.file.put(registry, username, secret);
      this.session.delete(registry);
      return `Berth (encrypted with ${this.options.box.where})`;
    }
    this.session.set(registry, { username, secret });
    return SESSION;
  }

  /** Forgets `registry`'s credential wherever it is; not-found when there was none. */
  async erase(registry: string): Promise<void> {
    const config = await this.config();
    let erased = this.session.delete(registry);
    if (this.file && (await this.file.remove(registry))) erased = true;
    const helper = this.helperFor(config, registry);
    if (helper && (await helper.get(registry))) {
      await helper.erase(registry);
      erased = true;
    }
    if (await removeInlineAuth(this.options.configDir, registry)) erased = true;
    if (!erased) throw new RemoteError({ code: 'not-found', message: `Berth has no credential for ${registry}.` });
  }
}

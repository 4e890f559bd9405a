/**
 * What a job needs of the user's registry credentials: the one for a
 * registry (sent to the engine as X-Registry-Auth, never to the renderer),
 * or every one (a build's X-Registry-Config, for its FROM images). The store
 * itself (electron/registries/) reads them the docker CLI's way.
 */
import { registryOfReference } from '#shared/registries';

/** The engine's AuthConfig, as /auth, /images/create, /push and /build take it. */
export interface DockerAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

export interface Credentials {
  /** The credential for `registry` (a key as config.json names it), or null. */
  forRegistry(registry: string): Promise<DockerAuth | null>;
  /** Every credential there is, by registry. */
  all(): Promise<Record<string, DockerAuth>>;
  /** Keeps a credential the registry accepted; returns where it went, in words. */
  save(registry: string, username: string, secret: { password?: string; identitytoken?: string }): Promise<string>;
}

/** The credential for the registry a reference names. */
export async function authForReference(credentials: Credentials | undefined, reference: string): Promise<DockerAuth | undefined> {
  if (!credentials) return undefined;
  return (await credentials.forRegistry(registryOfReference(reference))) ?? undefined;
}

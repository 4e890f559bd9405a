/**
 * The digest a registry serves for a tag now, with one HEAD request for its
 * manifest (no pull spent): asked for an index or a manifest list first, so a
 * multi-arch tag answers with the digest a pull records (the index's), and
 * with bearer-token auth as the registry's challenge asks (or basic). When
 * an index has moved, its entry for one platform tells whether that
 * platform's image is what moved. Plain
 * HTTP only for loopback registries, which the engine itself treats as
 * insecure by default; everything else is HTTPS.
 */
import { createHash } from 'node:crypto';
import { DOCKER_HUB, registryOfReference } from '#shared/registries';
import type { DockerAuth } from '../engine/jobs/auth';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

const TIMEOUT_MS = 15_000;

export interface ParsedReference {
  /** The registry as config.json keys it. */
  registry: string;
  /** Where its API answers: https://host or http://127.0.0.1:5000. */
  base: string;
  /** The repository inside it (library/nginx on Docker Hub). */
  repository: string;
  tag: string;
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export function parseReference(reference: string): ParsedReference {
  const registry = registryOfReference(reference);
  let rest = reference.split('@')[0] ?? reference;
  if (registry !== DOCKER_HUB) rest = rest.slice(rest.indexOf('/') + 1);
  else rest = rest.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : 'latest';
  let repository = colon > slash ? rest.slice(0, colon) : rest;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  const host = registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
  return { registry, base: `${isLoopback(host) ? 'http' : 'https'}://${host}`, repository, tag };
}

/** The parameters of a WWW-Authenticate challenge: `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const match of header.slice(space + 1).matchAll(/([A-Za-z]+)="([^"]*)"/g)) params[(match[1] ?? '').toLowerCase()] = match[2] ?? '';
  return { scheme, params };
}

function basic(auth: DockerAuth): string {
  return `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}`;
}

async function bearerToken(params: Record<string, string>, auth: DockerAuth | null): Promise<string> {
  const realm = params.realm;
  if (!realm) throw new Error('the registry asked for a token without saying where to get one');
  const url = new URL(realm);
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  const headers: Record<string, string> = {};
  if (auth?.username) headers.Authorization = basic(auth);
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (response.status === 401 || response.status === 403) {
    throw new Error(auth?.username ? `the registry refused the user name and password for ${auth.username} (log in again under Registries)` : 'the registry needs a login (log in under Registries)');
  }
  if (!response.ok) throw new Error(`the registry's token service answered ${response.status}`);
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new Error('the registry gave no token');
  return token;
}

/** What a manifest request answered: its digest and its media type (an index, or one platform's manifest). */
export interface RemoteManifest {
  digest: string;
  mediaType: string;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

export interface ManifestSession {
  /** The tag's manifest now: one HEAD, or a GET when the registry leaves the digest out of HEAD. */
  head(): Promise<RemoteManifest>;
  /** A manifest or index by tag or digest, parsed. */
  json(name: string): Promise<unknown>;
}

/**
 * One repository's manifests, asked with the auth its registry's challenge
 * wants (fetched once, then reused for every request of the session).
 */
export function openManifests(reference: string, auth: DockerAuth | null): ManifestSession {
  const { base, repository, tag } = parseReference(reference);
  let authorization: string | undefined;
  const ask = async (method: 'HEAD' | 'GET', name: string): Promise<Response> => {
    const send = () =>
      fetch(`${base}/v2/${repository}/manifests/${encodeURIComponent(name)}`, {
        method,
        headers: { Accept: ACCEPT, ...(authorization ? { Authorization: authorization } : {}) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    let response: Response;
    try {
      response = await send();
      if (response.status === 401 && authorization === undefined) {
        const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
        if (challenge.scheme === 'bearer') authorization = `Bearer ${await bearerToken(challenge.params, auth)}`;
        else if (auth?.username) authorization = basic(auth);
        else throw new Error('the registry needs a login (log in under Registries)');
        response = await send();
      }
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(cause ? `the registry did not answer (${cause})` : (error as Error).message);
    }
    if (response.status === 404) throw new Error(name === tag ? `the registry has no tag ${tag} of ${repository}` : `the registry no longer has ${name} of ${repository}`);
    if (response.status === 401 || response.status === 403) throw new Error('the registry refused access (log in under Registries)');
    if (!response.ok) throw new Error(`the registry answered ${response.status}`);
    return response;
  };
  const mediaTypeOf = (response: Response): string => (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  return {
    async head(): Promise<RemoteManifest> {
      const response = await ask('HEAD', tag);
      const digest = response.headers.get('docker-content-digest');
      if (digest) return { digest, mediaType: mediaTypeOf(response) };
      // The digest is then the manifest's own hash.
      const fetched = await ask('GET', tag);
      const body = Buffer.from(await fetched.arrayBuffer());
      return { digest: `sha256:${createHash('sha256').update(body).digest('hex')}`, mediaType: mediaTypeOf(fetched) };
    },
    async json(name: string): Promise<unknown> {
      return (await ask('GET', name)).json();
    },
  };
}

export function isIndex(manifest: RemoteManifest): boolean {
  return INDEX_TYPES.has(manifest.mediaType);
}

/** A platform as an index names it: the engine's GOOS and GOARCH (an image's own Os and Architecture), and the variant where there is one. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

interface IndexJson {
  manifests?: Array<{ digest?: string; platform?: { os?: string; architecture?: string; variant?: string } }>;
}

interface ManifestJson {
  config?: { digest?: string };
}

/**
 * The config digest (what the engine calls the image's id) of one platform's
 * image in an index: two more GETs, asked only when the index's digest has
 * moved, to tell whether the move is this platform's or only another's.
 * Null when the index has no image for the platform.
 */
export async function platformImageId(session: ManifestSession, index: string, platform: Platform): Promise<string | null> {
  const { manifests: entries = [] } = (await session.json(index)) as IndexJson;
  const matches = entries.filter((entry) => entry.platform?.os === platform.os && entry.platform.architecture === platform.architecture);
  // A variant (arm/v7) narrows the choice when both sides name one.
  const entry = matches.find((m) => platform.variant !== undefined && m.platform?.variant === platform.variant) ?? matches[0];
  if (!entry?.digest) return null;
  const manifest = (await session.json(entry.digest)) as ManifestJson;
  return manifest.config?.digest ?? null;
}

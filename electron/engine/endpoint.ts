/**
 * Chooses the engine exactly as the docker CLI does, so Berth sees what the
 * user's terminal sees: DOCKER_HOST; else DOCKER_CONTEXT, else the
 * `currentContext` of config.json, read from the context store; else the
 * platform's default socket. Pure: the environment and a file reader are
 * passed in, so the rules are unit-tested without touching the machine.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { EngineEndpoint } from '#shared/model';

export interface EndpointInputs {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  /** Returns the file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  /** Verify the server's certificate (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
}

export interface ResolvedEndpoint extends EngineEndpoint {
  tls?: TlsFiles;
}

export const DEFAULT_UNIX = 'unix:///var/run/docker.sock';
export const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine';

export class EndpointError extends Error {
  override name = 'EndpointError';
}

export function configDir(inputs: EndpointInputs): string {
  return inputs.env.DOCKER_CONFIG || join(inputs.homedir, '.docker');
}

function defaultEndpoint(inputs: EndpointInputs): ResolvedEndpoint {
  return {
    url: inputs.platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX,
    source: 'default',
  };
}

/** The context the CLI would use, or undefined for "default". */
function contextName(inputs: EndpointInputs): string | undefined {
  const fromEnv = inputs.env.DOCKER_CONTEXT;
  if (fromEnv) return fromEnv === 'default' ? undefined : fromEnv;
  const text = inputs.readFile(join(configDir(inputs), 'config.json'));
  if (!text) return undefined;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new EndpointError(`${join(configDir(inputs), 'config.json')} is not valid JSON`);
  }
  const current =
    typeof config === 'object' && config !== null && 'currentContext' in config
      ? config.currentContext
      : undefined;
  return typeof current === 'string' && current && current !== 'default' ? current : undefined;
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** The endpoint a context names, TLS files included, as the CLI reads it from the context store. */
export function fromContext(inputs: EndpointInputs, name: string): ResolvedEndpoint {
  // The CLI stores a context under the sha256 of its name.
  const digest = createHash('sha256').update(name).digest('hex');
  const store = contextStore(inputs);
  const metaPath = join(store, 'meta', digest, 'meta.json');
  const text = inputs.readFile(metaPath);
  if (!text) throw new EndpointError(`Docker context "${name}" not found (no ${metaPath})`);
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch {
    throw new EndpointError(`Docker context "${name}": ${metaPath} is not valid JSON`);
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) throw new EndpointError(`Docker context "${name}" has no docker endpoint`);
  const tlsDir = join(store, 'tls', digest, 'docker');
  const ca = inputs.readFile(join(tlsDir, 'ca.pem'));
  const cert = inputs.readFile(join(tlsDir, 'cert.pem'));
  const key = inputs.readFile(join(tlsDir, 'key.pem'));
  const endpoint: ResolvedEndpoint = { url: docker.Host, source: `context "${name}"` };
  if (ca || cert || key) endpoint.tls = { ca, cert, key, verify: !docker.SkipTLSVerify };
  return endpoint;
}

/** Where the CLI keeps contexts: one folder per context under meta/, named by the sha256 of its name. */
export function contextStore(inputs: EndpointInputs): string {
  return join(configDir(inputs), 'contexts');
}

/** What the CLI's own "default" context means here: DOCKER_HOST, else the platform's socket. */
export function defaultContextEndpoint(inputs: EndpointInputs): ResolvedEndpoint {
  const host = inputs.env.DOCKER_HOST;
  return host ? fromDockerHost(inputs, host) : defaultEndpoint(inputs);
}

/** The context the CLI would use (DOCKER_CONTEXT, else config.json's), or undefined when that is "default" (or DOCKER_HOST overrides it). */
export function currentContextName(inputs: EndpointInputs): string | undefined {
  return inputs.env.DOCKER_HOST ? undefined : contextName(inputs);
}

function fromDockerHost(inputs: EndpointInputs, host: string): ResolvedEndpoint {
  const endpoint: ResolvedEndpoint = { url: host, source: 'DOCKER_HOST' };
  const verify = Boolean(inputs.env.DOCKER_TLS_VERIFY);
  if (verify || inputs.env.DOCKER_CERT_PATH) {
    const dir = inputs.env.DOCKER_CERT_PATH || configDir(inputs);
    endpoint.tls = {
      ca: inputs.readFile(join(dir, 'ca.pem')),
      cert: inputs.readFile(join(dir, 'cert.pem')),
      key: inputs.readFile(join(dir, 'key.pem')),
      verify,
    };
  }
  return endpoint;
}

export function resolveEndpoint(inputs: EndpointInputs): ResolvedEndpoint {
  const host = inputs.env.DOCKER_HOST;
  if (host) return fromDockerHost(inputs, host);
  const name = contextName(inputs);
  if (name) return fromContext(inputs, name);
  return defaultEndpoint(inputs);
}

export interface SshTarget {
  host: string;
  user?: string;
  port?: number;
}

/** Reads ssh://[user@]host[:port] as the CLI does: no path, no password. */
export function sshTarget(address: string): SshTarget {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new EndpointError(`Cannot read the engine address "${address}"`);
  }
  if (url.protocol !== 'ssh:') throw new EndpointError(`"${address}" is not an ssh:// address`);
  if (url.password) throw new EndpointError(`"${address}": a password does not belong in the address; use a key or the SSH agent`);
  if (url.pathname && url.pathname !== '/') throw new EndpointError(`"${address}": an ssh:// engine address has no path`);
  if (url.search || url.hash) throw new EndpointError(`"${address}": an ssh:// engine address has no query or fragment`);
  // The brackets of an IPv6 literal are URL syntax, not part of the host ssh takes.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new EndpointError(`"${address}" names no host`);
  const target: SshTarget = { host };
  if (url.username) target.user = decodeURIComponent(url.username);
  if (url.port) target.port = Number(url.port);
  return target;
}

/** How to reach the endpoint: a socket, HTTP(S) to a host, or ssh to a host (see connection.ts, which builds the client). */
export type ConnectionOptions =
  | { socketPath: string }
  | {
      protocol: 'http' | 'https';
      host: string;
      port: number;
      ca?: string;
      cert?: string;
      key?: string;
      /** Check the server's certificate against `ca` (or the system's roots); false is the CLI's SkipTLSVerify. */
      verify?: boolean;
    }
  | { protocol: 'ssh'; target: SshTarget };

export function connectionOptions(endpoint: ResolvedEndpoint): ConnectionOptions {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new EndpointError(`Cannot read the engine address "${endpoint.url}"`);
  }
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: url.pathname };
    case 'npipe:':
      // npipe:////./pipe/docker_engine → \\.\pipe\docker_engine (from the raw text: URL would fold the ".")
      return { socketPath: endpoint.url.slice('npipe://'.length).replaceAll('/', '\\') };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = url.protocol === 'https:' || Boolean(endpoint.tls);
      const options = {
        protocol: tls ? ('https' as const) : ('http' as const),
        host: url.hostname,
        port: Number(url.port) || (tls ? 2376 : 2375),
      };
      if (!endpoint.tls) return tls ? { ...options, verify: true } : options;
      return { ...options, ca: endpoint.tls.ca, cert: endpoint.tls.cert, key: endpoint.tls.key, verify: endpoint.tls.verify };
    }
    case 'ssh:':
      return { protocol: 'ssh', target: sshTarget(endpoint.url) };
    default:
      throw new EndpointError(`Unsupported engine address "${endpoint.url}"`);
  }
}

/**
 * How Berth reaches an engine: an added engine's connection as an endpoint
 * (its TLS files read afresh on each attempt), and an endpoint as a dockerode
 * client of its own, with nothing of this process's environment in it.
 */
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import type { EngineConnection } from '#shared/engines';
import { connectionOptions, EndpointError, type ResolvedEndpoint } from './endpoint';
import { SshDialer } from './ssh-dial';

function readTlsFile(path: string | undefined, what: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new EndpointError(`Cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

/** Where an added engine is, its TLS files read again on each attempt (a renewed certificate is picked up). */
export function endpointOfConnection(connection: EngineConnection, source: string): ResolvedEndpoint {
  const endpoint: ResolvedEndpoint = { url: connection.url, source };
  const tls = connection.tls;
  if (tls && connection.url.startsWith('tcp://')) {
    endpoint.tls = {
      ca: readTlsFile(tls.ca, 'CA certificate'),
      cert: readTlsFile(tls.cert, 'client certificate'),
      key: readTlsFile(tls.key, 'client key'),
      verify: !tls.skipVerify,
    };
  }
  return endpoint;
}

/** A client and what it holds open (kept-alive sockets, ssh processes), ended by close(). */
export interface DockerClient {
  docker: Docker;
  close(): void;
}

/**
 * What docker-modem reads from process.env into every client it builds
 * (a DOCKER_HOST, certificates from DOCKER_CERT_PATH, which it even reads
 * from disk and throws on when missing): each engine's client must have only
 * its own endpoint's.
 */
const MODEM_ENVIRONMENT = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_PATH_PREFIX', 'DOCKER_CLIENT_TIMEOUT'] as const;

/** Builds the client with those variables out of sight; synchronous, so nothing else runs meanwhile. */
function withoutModemEnvironment<T>(make: () => T): T {
  const saved = MODEM_ENVIRONMENT.map((name) => [name, process.env[name]] as const);
  for (const name of MODEM_ENVIRONMENT) delete process.env[name];
  try {
    return make();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** docker-modem takes an http.Agent (and uses it for every request); dockerode's options type leaves it out. */
type ClientOptions = Docker.DockerOptions & { agent?: Agent };

function build(options: ClientOptions): Docker {
  return withoutModemEnvironment(() => new Docker(options));
}

export function dockerClient(endpoint: ResolvedEndpoint): DockerClient {
  const options = connectionOptions(endpoint);
  if ('socketPath' in options) {
    const docker = build({ socketPath: options.socketPath });
    return { docker, close: () => undefined };
  }
  if (options.protocol === 'ssh') {
    // Plain HTTP to a placeholder host: the dialer's ssh process is the connection.
    const agent = new SshDialer(options.target);
    const docker = build({ protocol: 'http', host: 'localhost', agent });
    return { docker, close: () => agent.close() };
  }
  if (options.protocol === 'http') {
    const docker = build({ protocol: 'http', host: options.host, port: options.port });
    return { docker, close: () => undefined };
  }
  // docker-modem passes ca/cert/key to each request but not rejectUnauthorized: the agent carries them all.
  const agent = new HttpsAgent({
    keepAlive: true,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    rejectUnauthorized: options.verify !== false,
  });
  const docker = build({ protocol: 'https', host: options.host, port: options.port, ca: options.ca, cert: options.cert, key: options.key, agent });
  return { docker, close: () => agent.destroy() };
}

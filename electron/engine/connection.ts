/** An engine the user added, as the endpoint a connection attempt needs: its address, and its TLS files read afresh. */
import { readFileSync } from 'node:fs';
import type { EngineConnection } from '#shared/engines';
import { EndpointError, type ResolvedEndpoint } from './endpoint';

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


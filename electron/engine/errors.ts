/**
 * Engine failures in words a user understands, carrying the engine's own
 * message, as RemoteErrors that can cross to the renderer (lazydocker's
 * lesson: "permission denied" on the socket should say what to do).
 */
import { RemoteError, type ErrorCode } from '#shared/protocol';

interface EngineErrorShape {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  code?: string;
  message?: string;
}

function shape(error: unknown): EngineErrorShape {
  return typeof error === 'object' && error !== null ? (error as EngineErrorShape) : { message: String(error) };
}

export function statusCodeOf(error: unknown): number | undefined {
  return shape(error).statusCode;
}

/** The engine's own message for an HTTP error, without dockerode's "(HTTP code 404) …" prefix. */
export function engineMessage(error: unknown): string {
  const e = shape(error);
  const fromJson = e.json?.message;
  if (fromJson) return fromJson.trim();
  return (e.message ?? 'unknown error').replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

/** Node's words for a server certificate no CA we trust signed (Go's "x509: certificate signed by unknown authority"). */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** Why the engine cannot be reached, as one line naming the endpoint. */
export function unavailableMessage(endpointUrl: string, error: unknown): string {
  const e = shape(error);
  let detail = e.message ?? String(error);
  if (e.code === 'EACCES') {
    detail += ' (this user may not use the Docker socket: add it to the "docker" group, or start Berth as a user who can)';
  } else if (e.code && UNTRUSTED_CERTIFICATE.has(e.code)) {
    detail = `the engine's certificate is not trusted: it is signed by an unknown authority, not by the CA Berth was given (${detail})`;
  }
  return `Docker engine unavailable at ${endpointUrl}: ${detail}`;
}

const codeByStatus: Record<number, ErrorCode> = { 400: 'bad-request', 404: 'not-found', 409: 'conflict' };

/** Wraps any engine failure for the renderer; `action` says what was being done. */
export function toRemoteError(action: string, error: unknown): RemoteError {
  if (error instanceof RemoteError) return error;
  const status = statusCodeOf(error);
  if (status === undefined) {
    return new RemoteError({ code: 'unavailable', message: `${action}: ${shape(error).message ?? String(error)}` });
  }
  return new RemoteError({ code: codeByStatus[status] ?? 'engine', message: `${action}: ${engineMessage(error)}` });
}

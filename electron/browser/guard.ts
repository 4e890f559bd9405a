/**
 * Who may talk to browser mode. Access to the Docker socket is root on the
 * host, so the loopback server trusts nothing a browser sends by itself:
 * browsers send cookies (and cached credentials) to every port of 127.0.0.1
 * alike, so the HTTP server behind a container's published port would
 * receive them. So nothing here reads a cookie. The Host header must name
 * this server exactly (this stops DNS rebinding); the page's static files
 * hold no secret and need nothing more; the WebSocket also needs this
 * server's own Origin and the session token, which only the page's own
 * script sends; a transfer needs its one-time ticket (checked by the
 * handler) and, unless it is a GET, this server's own Origin.
 * Pure functions of the request, unit-tested.
 */
import { timingSafeEqual } from 'node:crypto';

export interface GuardConfig {
  port: number;
  token: string;
}

export type Refusal = { ok: false; status: 400 | 401 | 403 | 405; reason: string };
export type Verdict = { ok: true } | Refusal;

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** What a request target is parsed against: fixed, so no header of the request can make the parse throw or change its host. */
// eslint-disable-next-line @microsoft/sdl/no-insecure-url -- only a base for parsing request targets: nothing is fetched
const TARGET_BASE = 'http://berth.invalid';

export function allowedHosts(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `${name}:${port}`);
}

export function allowedOrigins(port: number): string[] {
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- browser mode's own origins: plain http, on loopback only
  return allowedHosts(port).map((host) => `http://${host}`);
}

/**
 * The request target (`req.url`) as a URL, or null when it is not an
 * origin-form path ("/…"). Never throws: `//[` or `http://x` from a client
 * is a 400, not a crash.
 */
export function parseTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    // The base ends before the target's leading "/", so the target can only ever be the path and query.
    return new URL(`${TARGET_BASE}${target}`);
  } catch {
    return null;
  }
}

/** Constant-time comparison, so the token cannot be guessed a byte at a time. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkHost(config: GuardConfig, host: string | undefined): Verdict {
  if (host && allowedHosts(config.port).includes(host.toLowerCase())) return { ok: true };
  return { ok: false, status: 403, reason: 'Forbidden: unknown Host' };
}

export function checkOrigin(config: GuardConfig, origin: string | undefined): Verdict {
  if (origin && allowedOrigins(config.port).includes(origin.toLowerCase())) return { ok: true };
  return { ok: false, status: 403, reason: 'Forbidden: foreign Origin' };
}

/** The page's own files (HTML, script, styles): they hold no secret, so the exact Host is all they need. */
export function checkPage(config: GuardConfig, headers: { host?: string }): Verdict {
  return checkHost(config, headers.host);
}

/**
 * A WebSocket upgrade: the right Host, this server's own Origin, and the
 * token in the query, which only the page's own script puts there.
 */
export function checkSocket(config: GuardConfig, headers: { host?: string; origin?: string }, queryToken: string | null): Verdict {
  const host = checkHost(config, headers.host);
  if (!host.ok) return host;
  const origin = checkOrigin(config, headers.origin);
  if (!origin.ok) return origin;
  if (!tokenMatches(config.token, queryToken)) return { ok: false, status: 401, reason: 'Unauthorized: missing or wrong token' };
  return { ok: true };
}

/**
 * A transfer under /files/: the right Host and, for anything but GET, this
 * server's own Origin. What authorises it is its one-time ticket, which the
 * transfer handler takes; neither the session token nor a cookie stands in
 * for it. Only GET (downloads) and POST (uploads) exist.
 */
export function checkTransfer(config: GuardConfig, method: string | undefined, headers: { host?: string; origin?: string }): Verdict {
  const host = checkHost(config, headers.host);
  if (!host.ok) return host;
  if (method !== 'GET' && method !== 'POST') return { ok: false, status: 405, reason: 'Method not allowed' };
  if (method !== 'GET') return checkOrigin(config, headers.origin);
  return { ok: true };
}

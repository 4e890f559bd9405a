/**
 * Who may talk to browser mode. Access to the Docker socket is root on the
 * host, so the loopback server trusts nobody by default: the Host header must
 * name this server exactly (this stops DNS rebinding), a WebSocket's Origin
 * must be this server's own, and every request carries the session token.
 * Pure functions of the request's headers, unit-tested.
 */
import { timingSafeEqual } from 'node:crypto';

export interface GuardConfig {
  port: number;
  token: string;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedHosts(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `${name}:${port}`);
}

export function allowedOrigins(port: number): string[] {
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- browser mode's own origins: plain http, on loopback only
  return allowedHosts(port).map((host) => `http://${host}`);
}

/** Constant-time comparison, so the token cannot be guessed a byte at a time. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieName(port: number): string {
  // Cookies ignore ports; one name per port keeps two Berths on one machine apart.
  return `berth-${port}`;
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function checkHost(config: GuardConfig, host: string | undefined): Verdict {
  if (host && allowedHosts(config.port).includes(host.toLowerCase())) return { ok: true };
  return { ok: false, status: 403, reason: 'Forbidden: unknown Host' };
}

/**
 * A page request: the right Host, and the token in the query or the cookie
 * set when the page was first opened with it (so the page's own scripts and
 * styles load).
 */
export function checkPage(
  config: GuardConfig,
  headers: { host?: string; cookie?: string },
  queryToken: string | null,
): Verdict {
  const host = checkHost(config, headers.host);
  if (!host.ok) return host;
  if (tokenMatches(config.token, queryToken)) return { ok: true };
  if (tokenMatches(config.token, cookieValue(headers.cookie, cookieName(config.port)))) return { ok: true };
  return { ok: false, status: 401, reason: 'Unauthorized: open Berth with the address it printed, including ?token=' };
}

/**
 * A WebSocket upgrade: the right Host, this server's own Origin, and the
 * token in the query, even when a cookie is present: cookies are shared by
 * every port of 127.0.0.1, so a page served by a container could send one.
 */
export function checkSocket(
  config: GuardConfig,
  headers: { host?: string; origin?: string },
  queryToken: string | null,
): Verdict {
  const host = checkHost(config, headers.host);
  if (!host.ok) return host;
  if (!headers.origin || !allowedOrigins(config.port).includes(headers.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'Forbidden: foreign Origin' };
  }
  if (!tokenMatches(config.token, queryToken)) return { ok: false, status: 401, reason: 'Unauthorized: missing or wrong token' };
  return { ok: true };
}

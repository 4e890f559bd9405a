/**
 * A registry that asks for bearer tokens, as Docker Hub, GHCR and most
 * hosted registries do: Debian's docker-registry with `auth: token`, and a
 * small token server beside it on loopback that checks a user name and
 * password (HTTP basic, as the engine and Berth send them) and answers with a
 * JWT signed by a key made by openssl for this run. The registry trusts the
 * key through its self-signed certificate (`rootcertbundle`) and finds it by
 * the token's `kid`, the libtrust key id of that certificate's public key
 * (distribution's registry/auth/token: trusted keys are keyed so).
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type Registry } from './registry';

export const TOKEN_SERVICE = 'berth-test-registry';
const ISSUER = 'berth-test-token-server';
const TOKEN_SECONDS = 300;

export interface TokenRegistry extends Registry {
  /** Where the registry sends clients for a token. */
  realm: string;
  /** A token for `scope` (`repository:name:pull,push`) as the given user would get it, for a test's own API calls. */
  token(scope: string): Promise<string>;
  /** Token requests so far, as the server saw them: who asked, with which scopes, and whether the password was right. */
  requests: { account: string | null; scopes: string[]; granted: boolean }[];
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** libtrust's KeyID: the first 240 bits of SHA-256 of the DER public key, base32, in groups of four joined by colons. */
export function libtrustKeyId(publicKeyDer: Buffer): string {
  const bytes = createHash('sha256').update(publicKeyDer).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return (out.match(/.{4}/g) ?? []).join(':');
}

/** `repository:name:pull,push` → the access claim the registry reads. */
function access(scope: string): { type: string; name: string; actions: string[] } | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last <= first) return null;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

function credentialsOf(request: IncomingMessage): { username: string; password: string } | null {
  const header = request.headers.authorization ?? '';
  if (!header.toLowerCase().startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startTokenRegistry(login: { username: string; password: string }): Promise<TokenRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-token-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=berth-test-token'], { stdio: 'ignore' });
  const key = createPrivateKey(readFileSync(keyPath));
  const kid = libtrustKeyId(createPublicKey(readFileSync(certPath)).export({ type: 'spki', format: 'der' }));

  const issue = (subject: string, scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', kid };
    const claims = {
      iss: ISSUER,
      sub: subject,
      aud: TOKEN_SERVICE,
      exp: now + TOKEN_SECONDS,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      // Every action asked for: one user, who owns every repository of this registry.
      access: subject === '' ? [] : scopes.map(access).filter((a) => a !== null),
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), key))}`;
  };

  const requests: TokenRegistry['requests'] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const given = credentialsOf(request);
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    const granted = given !== null && given.username === login.username && given.password === login.password;
    requests.push({ account: given?.username ?? null, scopes, granted });
    if (url.pathname !== '/token' || url.searchParams.get('service') !== TOKEN_SERVICE) {
      response.writeHead(404).end();
      return;
    }
    if (given && !granted) {
      // The spec's answer to a wrong password: 401 before any token.
      response.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong user name or password' }] }));
      return;
    }
    // Without a login the token grants nothing: the registry then refuses what needs a grant.
    const token = issue(granted ? login.username : '', scopes);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: TOKEN_SECONDS, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  const stopServer = (): void => {
    server.close();
    server.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  };

  let registry: Registry;
  try {
    registry = await startRegistry(undefined, ['auth:', '  token:', `    realm: ${realm}`, `    service: ${TOKEN_SERVICE}`, `    issuer: ${ISSUER}`, `    rootcertbundle: ${certPath}`]);
  } catch (error) {
    stopServer();
    throw error;
  }
  return {
    ...registry,
    realm,
    requests,
    token: async (scope) => {
      const url = new URL(realm);
      url.searchParams.set('service', TOKEN_SERVICE);
      url.searchParams.set('scope', scope);
      const response = await fetch(url, { headers: { Authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` } });
      if (!response.ok) throw new Error(`the token server answered ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
    stop: () => {
      registry.stop();
      stopServer();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { checkPage, checkSocket, tokenMatches } from '../../electron/browser/guard';

const config = { port: 4321, token: 't'.repeat(64) };

describe('browser-mode guard', () => {
  it('accepts this server\'s own hosts only (no DNS rebinding)', () => {
    for (const host of ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321']) {
      expect(checkPage(config, { host }, config.token)).toEqual({ ok: true });
    }
    for (const host of ['evil.example:4321', '127.0.0.1:80', '127.0.0.1', undefined]) {
      expect(checkPage(config, { host }, config.token)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('needs the token for pages, in the query or this port\'s cookie', () => {
    expect(checkPage(config, { host: 'localhost:4321' }, null)).toMatchObject({ ok: false, status: 401 });
    expect(checkPage(config, { host: 'localhost:4321' }, 'wrong')).toMatchObject({ ok: false, status: 401 });
    expect(checkPage(config, { host: 'localhost:4321', cookie: `a=b; berth-4321=${config.token}` }, null)).toEqual({ ok: true });
    expect(checkPage(config, { host: 'localhost:4321', cookie: `berth-9999=${config.token}` }, null)).toMatchObject({ status: 401 });
  });

  it('needs the right Origin and the token itself on a socket, cookie or not', () => {
    const host = '127.0.0.1:4321';
    expect(checkSocket(config, { host, origin: 'http://127.0.0.1:4321' }, config.token)).toEqual({ ok: true });
    expect(checkSocket(config, { host, origin: 'http://127.0.0.1:8080' }, config.token)).toMatchObject({ status: 403 });
    expect(checkSocket(config, { host }, config.token)).toMatchObject({ status: 403 });
    expect(checkSocket(config, { host, origin: 'http://127.0.0.1:4321' }, null)).toMatchObject({ status: 401 });
  });

  it('compares tokens without leaking their length', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });
});

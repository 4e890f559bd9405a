import { describe, expect, it } from 'vitest';
import { checkOrigin, checkPage, checkSocket, checkTransfer, parseTarget, tokenMatches } from '../../electron/browser/guard';

const config = { port: 4321, token: 't'.repeat(64) };
const own = 'http://127.0.0.1:4321';

describe('browser-mode guard', () => {
  it('accepts this server\'s own hosts only (no DNS rebinding)', () => {
    for (const host of ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321', 'LOCALHOST:4321']) {
      expect(checkPage(config, { host })).toEqual({ ok: true });
    }
    for (const host of ['evil.example:4321', '127.0.0.1:80', '127.0.0.1', '127.0.0.1:4321 ', 'a b', '', undefined]) {
      expect(checkPage(config, { host })).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('serves the page\'s files on the Host alone: they hold no secret, and no cookie is read', () => {
    expect(checkPage(config, { host: 'localhost:4321' })).toEqual({ ok: true });
    // The headers type has no cookie at all; a request that carries one is judged on its Host only.
    const withCookie: { host: string; cookie: string } = { host: 'evil.example', cookie: `berth-4321=${config.token}` };
    expect(checkPage(config, withCookie)).toMatchObject({ ok: false, status: 403 });
  });

  it('needs the right Origin and the token itself on a socket, whatever else comes with it', () => {
    const host = '127.0.0.1:4321';
    expect(checkSocket(config, { host, origin: own }, config.token)).toEqual({ ok: true });
    expect(checkSocket(config, { host, origin: 'http://127.0.0.1:8080' }, config.token)).toMatchObject({ status: 403 });
    expect(checkSocket(config, { host, origin: 'null' }, config.token)).toMatchObject({ status: 403 });
    expect(checkSocket(config, { host }, config.token)).toMatchObject({ status: 403 });
    expect(checkSocket(config, { host: 'evil.example:4321', origin: own }, config.token)).toMatchObject({ status: 403 });
    expect(checkSocket(config, { host, origin: own }, null)).toMatchObject({ status: 401 });
    expect(checkSocket(config, { host, origin: own }, 'wrong')).toMatchObject({ status: 401 });
    const withCookie = { host, origin: own, cookie: `berth-4321=${config.token}` };
    expect(checkSocket(config, withCookie, null)).toMatchObject({ status: 401 });
  });

  it('lets a transfer through on the Host, and the Origin unless it is a GET; its ticket is the handler\'s to check', () => {
    const host = 'localhost:4321';
    expect(checkTransfer(config, 'GET', { host })).toEqual({ ok: true });
    expect(checkTransfer(config, 'GET', { host: 'evil.example' })).toMatchObject({ status: 403 });
    expect(checkTransfer(config, 'POST', { host, origin: 'http://localhost:4321' })).toEqual({ ok: true });
    expect(checkTransfer(config, 'POST', { host })).toMatchObject({ status: 403 });
    expect(checkTransfer(config, 'POST', { host, origin: 'http://localhost:9999' })).toMatchObject({ status: 403 });
    for (const method of ['PUT', 'DELETE', 'HEAD', 'TRACE', 'OPTIONS', undefined]) {
      expect(checkTransfer(config, method, { host, origin: own })).toMatchObject({ status: 405 });
    }
  });

  it('checks an Origin exactly', () => {
    expect(checkOrigin(config, 'http://[::1]:4321')).toEqual({ ok: true });
    for (const origin of ['http://127.0.0.1:4321/', 'https://127.0.0.1:4321', 'http://127.0.0.1:43210', 'http://127.0.0.1.evil:4321', undefined]) {
      expect(checkOrigin(config, origin)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('parses a request target against a fixed base, never throwing and never taking a host from it', () => {
    expect(parseTarget('/ws?token=abc')).toMatchObject({ pathname: '/ws', host: 'berth.invalid' });
    expect(parseTarget('/ws?token=abc')?.searchParams.get('token')).toBe('abc');
    expect(parseTarget('//[')).toMatchObject({ pathname: '//[', host: 'berth.invalid' });
    expect(parseTarget('//evil.example/ws')).toMatchObject({ pathname: '//evil.example/ws', host: 'berth.invalid' });
    expect(parseTarget('/files/../index.html')?.pathname).toBe('/index.html');
    for (const target of ['http://evil.example/', '*', '@evil/', 'ws', '', undefined]) expect(parseTarget(target)).toBeNull();
  });

  it('compares tokens without leaking their length', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });
});

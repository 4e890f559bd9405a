/** berth://app serves the built renderer and nothing else, whatever the path says. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppFileHandler, isAppUrl } from '../../electron/app-files';

let handle: (request: Request) => Promise<Response>;
let root: string;

beforeAll(() => {
  const top = mkdtempSync(join(tmpdir(), 'berth-app-files-'));
  root = join(top, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Berth</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(top, 'secret.txt'), 'secret');
  mkdirSync(join(top, 'renderer-evil'));
  writeFileSync(join(top, 'renderer-evil', 'x.js'), 'evil');
  symlinkSync(join(top, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handle = createAppFileHandler(root);
});

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('berth://app files', () => {
  it('serves the app with its type and the CSP', async () => {
    const page = await get('berth://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await (await get('berth://app/assets/app.js')).text()).toBe('console.log(1)');
    expect((await get('berth://app/')).status).toBe(200);
    // A client-side route without an extension gets the app.
    expect(await (await get('berth://app/containers')).text()).toContain('<title>Berth</title>');
  });

  it('refuses every way out of the folder', async () => {
    for (const path of ['%2e%2e/secret.txt', '..%2fsecret.txt', '%2e%2e%2frenderer-evil/x.js', 'assets/link.txt']) {
      const response = await get(`berth://app/${path}`);
      expect([403, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toMatch(/secret|evil/);
    }
    expect((await get('berth://app/a%00b')).status).toBe(400);
    expect((await get('berth://app/%E0%A4%A')).status).toBe(400);
  });

  it('answers only GET and HEAD, on host "app"', async () => {
    expect((await get('berth://app/index.html', 'POST')).status).toBe(405);
    expect((await get('berth://other/index.html')).status).toBe(404);
    expect(await (await get('berth://app/index.html', 'HEAD')).text()).toBe('');
  });

  it('hands /files/ to the transfers, any method, and keeps their answers from being sniffed', async () => {
    const seen: string[] = [];
    const withTransfers = createAppFileHandler(root, async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname} ${request.body ? await request.text() : ''}`);
      return new URL(request.url).pathname === '/files/upload/t' ? new Response(null, { status: 204 }) : null;
    });
    const upload = await withTransfers(new Request('berth://app/files/upload/t', { method: 'POST', body: 'bytes' }));
    expect(upload.status).toBe(204);
    expect(upload.headers.get('x-content-type-options')).toBe('nosniff');
    expect(upload.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    // Not a transfer's path: the app's files answer, and they take no POST.
    expect((await withTransfers(new Request('berth://app/files/elsewhere', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await withTransfers(new Request('berth://other/files/upload/t', { method: 'POST', body: 'x' }))).status).toBe(404);
    expect(seen).toEqual(['POST /files/upload/t bytes', 'POST /files/elsewhere x']);
  });

  it('knows the app\'s own URLs', () => {
    expect(isAppUrl('berth://app/index.html#/containers')).toBe(true);
    expect(isAppUrl('berth://evil/index.html')).toBe(false);
    expect(isAppUrl('berth://user@app/')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

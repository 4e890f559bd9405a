/**
 * Files against the real engine: folders listed on a stopped container
 * (names with spaces and non-ASCII), clear errors, and uploads and downloads
 * that round-trip byte for byte, a folder included.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '#shared/contract';
import { RemoteError } from '#shared/protocol';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { createContainer, docker, sweep, uniqueName, waitConnected } from './helpers';

let berth: EngineService;
let stopped: string;
let local: string;
const binary = randomBytes(300_000);
const SPACED = 'a folder with spaces';
const UNICODE = 'résumé ünïcødé 日本.txt';

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
  local = mkdtempSync(join(tmpdir(), 'berth-files-'));
  mkdirSync(join(local, 'data', SPACED), { recursive: true });
  writeFileSync(join(local, 'data', SPACED, UNICODE), 'héllo wörld\n');
  writeFileSync(join(local, 'data', 'blob.bin'), binary);
  mkdirSync(join(local, 'data', 'deep', 'er'), { recursive: true });
  writeFileSync(join(local, 'data', 'deep', 'er', 'x'), 'x');
  // Created, never started: the archive API needs no running process.
  stopped = await createContainer(uniqueName('files'));
  await docker('cp', join(local, 'data'), `${stopped}:/data`);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  rmSync(local, { recursive: true, force: true });
});

async function untar(body: ReadableStream<Uint8Array>): Promise<Map<string, { type: string; data: Buffer }>> {
  const files = new Map<string, { type: string; data: Buffer }>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(header.name, { type: header.type ?? '', data: Buffer.concat(chunks) });
      next();
    });
  });
  Readable.fromWeb(body as import('node:stream/web').ReadableStream).pipe(extract);
  await new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  return files;
}

async function download(id: string, path: string) {
  const { url, name } = await berth.service.requests['files.download']({ id, path });
  const response = await berth.files.transfers.handle(new Request(`http://127.0.0.1${url}`));
  expect(response?.status).toBe(200);
  return { name, response: response!, files: await untar(response!.body!) };
}

async function upload(id: string, folder: string, name: string, bytes: Buffer, replace: string[] = []): Promise<Response> {
  const { urls } = await berth.service.requests['files.upload']({ id, path: folder, names: [name], replace });
  const response = await berth.files.transfers.handle(
    new Request(`http://127.0.0.1${urls[0]}`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'Content-Length': String(bytes.length) } }),
  );
  return response!;
}

describe('listing', () => {
  it('lists a folder of a stopped container: names, types, sizes, modes, owners, times', async () => {
    const listing = await berth.service.requests['files.list']({ id: stopped, path: '/data' });
    expect(listing.truncated).toBeNull();
    expect(listing.entries.map((e) => e.name)).toEqual([SPACED, 'blob.bin', 'deep'].sort((a, b) => a.localeCompare(b)));
    const blob = listing.entries.find((e) => e.name === 'blob.bin')!;
    expect(blob).toMatchObject({ type: 'file', size: binary.length, owner: expect.any(String) });
    expect(blob.mode & 0o777).toBeGreaterThan(0);
    expect(blob.modified).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(listing.entries.find((e) => e.name === 'deep')?.type).toBe('directory');
    const inner = await berth.service.requests['files.list']({ id: stopped, path: `/data/${SPACED}` });
    expect(inner.entries.map((e) => e.name)).toEqual([UNICODE]);
  });

  it('lists the root folder, with symlinks', async () => {
    const listing = await berth.service.requests['files.list']({ id: stopped, path: '/' });
    const names = listing.entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['bin', 'data', 'etc']));
    expect(names.every((n) => !n.includes('/'))).toBe(true);
    const sh = await berth.service.requests['files.list']({ id: stopped, path: '/bin' });
    expect(sh.entries.find((e) => e.name === 'sh')).toMatchObject({ type: 'symlink', linkTarget: expect.any(String) });
  });

  it('says plainly when a path is missing or is a file', async () => {
    await expect(berth.service.requests['files.list']({ id: stopped, path: '/no/such place' })).rejects.toThrow('There is no file or folder /no/such place in this container.');
    await expect(berth.service.requests['files.list']({ id: stopped, path: '/data/blob.bin' })).rejects.toThrow(/is a file, not a folder|Could not read/);
  });

  it('stops a listing that would take too long and says so', async () => {
    const { listFolder } = await import('../../electron/engine/files/list');
    const listing = await listFolder(berth.engine.client(), stopped, '/', { ms: 5_000, bytes: 1 << 30, entries: 3 });
    expect(listing.entries).toHaveLength(3);
    expect(listing.truncated).toMatch(/first 3 entries/);
  });
});

describe('transfers', () => {
  it('downloads a folder as a tar, byte for byte, names with spaces and non-ASCII included', async () => {
    const { name, response, files } = await download(stopped, '/data');
    expect(name).toBe('data.tar');
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(files.get('data/blob.bin')?.data.equals(binary)).toBe(true);
    expect(files.get(`data/${SPACED}/${UNICODE}`)?.data.toString()).toBe('héllo wörld\n');
    expect(files.get('data/deep/er/x')?.data.toString()).toBe('x');
  });

  it('uploads into a folder and reads it back byte for byte; each address works once', async () => {
    const bytes = randomBytes(200_000);
    const name = 'up lõad ✓.bin';
    expect((await upload(stopped, `/data/${SPACED}`, name, bytes)).status).toBe(204);
    const { files } = await download(stopped, `/data/${SPACED}/${name}`);
    expect(files.get(name)?.data.equals(bytes)).toBe(true);
    const listing = await berth.service.requests['files.list']({ id: stopped, path: `/data/${SPACED}` });
    expect(listing.entries.find((e) => e.name === name)?.size).toBe(bytes.length);

    const { url } = await berth.service.requests['files.download']({ id: stopped, path: '/data' });
    const first = await berth.files.transfers.handle(new Request(`http://127.0.0.1${url}`));
    expect(first?.status).toBe(200);
    // An unread archive holds the container in the engine; the user cancelling a download does this.
    await first?.body?.cancel();
    expect((await berth.files.transfers.handle(new Request(`http://127.0.0.1${url}`)))?.status).toBe(404);
  });

  it('uploads into a running container: docker exec cat reads it', async () => {
    const id = await createContainer(uniqueName('files-run'));
    await docker('start', id);
    expect((await upload(id, '/tmp', 'hello.txt', Buffer.from('from berth ✓\n'))).status).toBe(204);
    expect(await docker('exec', id, 'cat', '/tmp/hello.txt')).toBe('from berth ✓');
  });

  it('asks before replacing: an upload onto an existing file is refused, naming it, until the confirmation names its path', async () => {
    const id = await createContainer(uniqueName('files-replace'));
    const first = Buffer.from('first\n');
    expect((await upload(id, '/tmp', 'same.txt', first)).status).toBe(204);
    const refused = await upload(id, '/tmp/', 'same.txt', Buffer.from('second\n')).then(
      () => null,
      (error: unknown) => error as RemoteError,
    );
    expect(refused).toBeInstanceOf(RemoteError);
    expect(refused).toMatchObject({ code: 'unconfirmed', message: expect.stringContaining('/tmp/same.txt already exists') });
    // Confirming another path does not cover this one; a new name needs no confirmation beside it.
    await expect(
      berth.service.requests['files.upload']({ id, path: '/tmp', names: ['same.txt', 'new.txt'], replace: ['/tmp/other.txt'] }),
    ).rejects.toThrow(/\/tmp\/same\.txt already exists/);
    expect((await download(id, '/tmp/same.txt')).files.get('same.txt')?.data.equals(first)).toBe(true);

    const second = Buffer.from('second\n');
    expect((await upload(id, '/tmp', 'same.txt', second, ['/tmp/same.txt'])).status).toBe(204);
    expect((await download(id, '/tmp/same.txt')).files.get('same.txt')?.data.equals(second)).toBe(true);
  });

  it('looks again when the bytes arrive: a file that appeared since the upload was asked for is not replaced', async () => {
    const id = await createContainer(uniqueName('files-late'));
    await docker('start', id);
    const { urls } = await berth.service.requests['files.upload']({ id, path: '/tmp', names: ['late.txt'], replace: [] });
    // Made after main looked, before the bytes come.
    await docker('exec', id, 'sh', '-c', 'echo theirs > /tmp/late.txt');
    const bytes = Buffer.from('ours\n');
    const response = await berth.files.transfers.handle(
      new Request(`http://127.0.0.1${urls[0]}`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'Content-Length': String(bytes.length) } }),
    );
    expect(response?.status).toBe(409);
    expect(await response?.text()).toContain('/tmp/late.txt appeared in the container');
    expect(await docker('exec', id, 'cat', '/tmp/late.txt')).toBe('theirs');
  });

  it('refuses unsafe names and reports a missing folder', async () => {
    // The dispatcher checks every request against the contract before a handler sees it.
    for (const names of [['../etc/passwd'], ['a/b'], ['..'], ['nul\0']]) {
      expect(requests['files.upload'].args.safeParse({ id: stopped, path: '/data', names }).success).toBe(false);
    }
    expect(requests['files.list'].args.safeParse({ id: stopped, path: 'relative/path' }).success).toBe(false);
    const response = await upload(stopped, '/nowhere', 'a.txt', Buffer.from('a'));
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/\/nowhere/);
  });
});

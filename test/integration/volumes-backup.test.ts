/**
 * Volume backup, restore and clone against the real engine: a volume of
 * 10,000 small files, a 200 MB file, a symlink, a hard link, an empty folder
 * and files of uid 1234 with mode 0600 goes to a tar through the transfer
 * office and back into a new volume (and is cloned), and both are the same
 * as the original by checksum, mode, owner and link, read by the engine's
 * own tools in a container. A tar that is not one, or is cut short, is
 * refused and leaves no volume behind. Main's RSS growth meanwhile is said.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { HELPER_VOLUME_LABEL } from '../../electron/engine/volumes/helper';
import { CUT_SHORT, NOT_A_TAR } from '../../electron/engine/volumes/tar-check';
import { callHandler, docker, sweep, TEST_IMAGE, TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, uniqueName, waitConnected, waitFor } from './helpers';

let berth: EngineService;
let work: string;
const source = uniqueName('vol-src');
const labels = { [TEST_LABEL]: TEST_RUN };

/** What a volume holds, as the engine's own tools in a container read it: every path's type, mode, owner, size, link count and target; every file's checksum; which paths share an inode. */
async function manifest(volume: string): Promise<string> {
  const script = [
    'cd /v',
    // %f: raw mode in hex (type and permission bits); %N: the name, and a symlink's target. A folder's own size is the file system's business.
    'find . ! -type d -exec stat -c "%f %u %g %s %h %N" {} + | sort',
    'find . -type d -exec stat -c "%f %u %g %h %N" {} + | sort',
    'find . -type f -exec md5sum {} + | sort',
    'echo hard-link-shares-inode: $(test "$(stat -c %i small/f1)" = "$(stat -c %i hard)" && echo yes || echo no)',
  ].join(' && ');
  return docker('run', '--rm', '--label', TEST_LABEL_ARG, '--network', 'none', '-v', `${volume}:/v:ro`, TEST_IMAGE, 'sh', '-c', script);
}

async function call<N extends Parameters<typeof callHandler>[1]>(name: N, args: Parameters<typeof callHandler<N>>[2]) {
  return callHandler(berth.service, name, args);
}

/** Fetches a one-time address from the transfer office, as the browser would. */
function fetchTransfer(url: string, init?: RequestInit): Promise<Response> {
  return berth.files.transfers.handle(new Request(`http://127.0.0.1${url}`, init)).then((response) => {
    if (response === null) throw new Error(`the transfer office does not know ${url}`);
    return response;
  });
}

async function backupTo(volume: string, file: string): Promise<void> {
  const { url } = await call('volume.backup', { name: volume });
  const response = await fetchTransfer(url);
  expect(response.status).toBe(200);
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(file));
}

function restoreFrom(file: string, target: { name: string; create: boolean; intoNonEmpty?: boolean }): Promise<Response> {
  return call('volume.restore', { ...target, labels }).then(({ url }) =>
    fetchTransfer(url, {
      method: 'POST',
      headers: { 'content-length': String(statSync(file).size) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit),
  );
}

async function volumeExists(name: string): Promise<boolean> {
  return (await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)) !== '';
}

/** Helper containers still there for these volumes (each test names its own, so another run's work never counts). */
async function helpersLeft(...volumes: string[]): Promise<string> {
  const left = await Promise.all(volumes.map((volume) => docker('ps', '-aq', '--filter', `label=${HELPER_VOLUME_LABEL}=${volume}`)));
  return left.join('');
}

/** Main's peak RSS growth while `work` runs, in MB (the process's high-water mark against its RSS before). */
async function rssGrowth(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage().rss;
  await work();
  return (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20;
}

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
  work = mkdtempSync(join(tmpdir(), 'berth-volumes-'));
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, source);
  const fill = [
    'set -e',
    'cd /v',
    'mkdir small empty',
    'i=0; while [ $i -lt 10000 ]; do echo "file $i" > small/f$i; i=$((i+1)); done',
    'dd if=/dev/urandom of=big bs=1M count=200 2>/dev/null',
    'ln -s big link',
    'ln -s ../nowhere small/dangling',
    'ln small/f1 hard',
    'echo secret > secret && chown 1234:1234 secret && chmod 0600 secret',
    'mkdir owned && chown 1234:5678 owned && chmod 0750 owned && echo x > owned/y && chown 1234 owned/y',
    'chmod 4755 small/f2',
  ].join('; ');
  await docker('run', '--rm', '--label', TEST_LABEL_ARG, '--network', 'none', '-v', `${source}:/v`, TEST_IMAGE, 'sh', '-c', fill);
}, 180_000);

afterAll(async () => {
  await berth?.stop();
  await sweep();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('volume backup, restore and clone', () => {
  let original: string;
  let backup: string;

  it('backs up to a tar and restores it into a new volume, every byte, mode, owner and link kept, main staying small', async () => {
    original = await manifest(source);
    expect(original).toContain('hard-link-shares-inode: yes');
    expect(original).toMatch(/^8180 1234 1234 7 1 \.\/secret$/m);
    expect(original).toMatch(/^a1ff 0 0 3 1 '\.\/link' -> 'big'$/m);
    expect(original).toMatch(/^41ed 0 0 2 \.\/empty$/m);
    backup = join(work, 'backup.tar');
    const backupGrowth = await rssGrowth(() => backupTo(source, backup));
    expect(statSync(backup).size).toBeGreaterThan(200 * 2 ** 20);
    // The download's helper goes when its stream closes, just after the last byte.
    await waitFor('the backup helper to go', async () => (await helpersLeft(source)) === '');

    const restored = uniqueName('vol-restored');
    let response: Response | undefined;
    const restoreGrowth = await rssGrowth(async () => {
      response = await restoreFrom(backup, { name: restored, create: true });
    });
    expect(response?.status, await response?.clone().text()).toBe(204);
    expect(await manifest(restored)).toBe(original);
    expect(await helpersLeft(restored)).toBe('');
    // The figure the issue asks for; the bound is loose (the tar is over 200 MB, main must not hold it).
    console.log(`volumes: main RSS grew by at most ${backupGrowth.toFixed(0)} MB during the backup and ${restoreGrowth.toFixed(0)} MB during the restore`);
    expect(backupGrowth).toBeLessThan(150);
    expect(restoreGrowth).toBeLessThan(150);
  }, 300_000);

  it('clones a volume the same way', async () => {
    const clone = uniqueName('vol-clone');
    const made = await call('volume.clone', { source, target: clone, labels });
    expect(made.name).toBe(clone);
    expect(made.labels[TEST_LABEL]).toBe(TEST_RUN);
    expect(await manifest(clone)).toBe(original);
    expect(await helpersLeft(source, clone)).toBe('');
  }, 300_000);

  it('refuses a file that is not a tar, and leaves no volume', async () => {
    const junk = join(work, 'junk.tar');
    writeFileSync(junk, Buffer.from('this is a text file, not an archive\n'.repeat(100)));
    const name = uniqueName('vol-junk');
    const response = await restoreFrom(junk, { name, create: true });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(NOT_A_TAR);
    expect(await volumeExists(name)).toBe(false);
    expect(await helpersLeft(name)).toBe('');
  });

  it('refuses a tar cut short in the middle of a file, and leaves no volume', async () => {
    const cut = join(work, 'cut.tar');
    const handle = await open(backup, 'r');
    await pipeline(handle.createReadStream({ start: 0, end: Math.floor(statSync(backup).size / 2) }), createWriteStream(cut));
    const name = uniqueName('vol-cut');
    const response = await restoreFrom(cut, { name, create: true });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/cut short|damaged/);
    expect(await volumeExists(name)).toBe(false);
  }, 120_000);

  it('refuses a tar that stops between two entries (the engine alone would take it), and an empty volume it was restored into stays empty', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'a.txt' }, 'first\n');
    pack.entry({ name: 'b.txt' }, 'second\n');
    pack.finalize();
    const whole: Buffer[] = [];
    for await (const chunk of pack) whole.push(chunk as Buffer);
    const partial = join(work, 'partial.tar');
    // Without its two end blocks: the archive stops right after its second entry.
    const bytes = Buffer.concat(whole);
    writeFileSync(partial, bytes.subarray(0, bytes.length - 1024));
    const empty = uniqueName('vol-empty');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, empty);
    const response = await restoreFrom(partial, { name: empty, create: false });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(CUT_SHORT);
    expect(await call('volume.contents', { name: empty })).toEqual({ empty: true, sample: [] });
    expect(await docker('volume', 'ls', '-q', '--filter', 'label=berth.helper=restore')).toBe('');
  });

  it('asks before restoring into a volume that is not empty, then mixes the tar in when told to', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'added.txt', mode: 0o640, uid: 1234, gid: 1234 }, 'added\n');
    pack.finalize();
    const small = join(work, 'small.tar');
    await pipeline(pack, createWriteStream(small));
    const held = uniqueName('vol-held');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, held);
    await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${held}:/v`, TEST_IMAGE, 'sh', '-c', 'echo kept > /v/kept.txt');
    await expect(call('volume.restore', { name: held, create: false, labels })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('kept.txt') });
    const response = await restoreFrom(small, { name: held, create: false, intoNonEmpty: true });
    expect(response.status).toBe(204);
    expect(await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${held}:/v`, TEST_IMAGE, 'sh', '-c', 'cat /v/kept.txt /v/added.txt; stat -c "%a %u" /v/added.txt')).toBe('kept\nadded\n640 1234');
  });

  it('refuses to restore over an existing name as a new volume', async () => {
    await expect(call('volume.restore', { name: source, create: true, labels })).rejects.toMatchObject({ code: 'conflict' });
    await expect(call('volume.clone', { source, target: source, labels })).rejects.toMatchObject({ code: 'conflict' });
  });
});

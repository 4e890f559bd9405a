/**
 * The pure parts of volumes: which image a helper is made from, a backup's
 * file name, the tar check on its own (no engine), and the names a
 * container's mounts give its `mounts`.
 */
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { containerFromInspect, containerFromSummary } from '../../electron/engine/normalise';
import { backupName } from '../../electron/engine/volumes/handlers';
import { smallestImage } from '../../electron/engine/volumes/helper';
import { CUT_SHORT, NOT_A_TAR, TarCheck } from '../../electron/engine/volumes/tar-check';

async function packed(entries: [string, string][]): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of entries) pack.entry({ name }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The bytes the check let through, or its refusal. */
async function checked(bytes: Buffer, chunk = 100): Promise<{ out: Buffer } | { error: string }> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) pieces.push(bytes.subarray(at, at + chunk));
  const out: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => out.push(c));
  try {
    await pipeline(Readable.from(pieces), await TarCheck.create(), sink);
    return { out: Buffer.concat(out) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('the helper image', () => {
  it('is the smallest, ties broken by id, and none when the engine has no image', () => {
    expect(smallestImage([{ Id: 'b', Size: 5 }, { Id: 'a', Size: 9 }, { Id: 'c', Size: 5 }])).toBe('b');
    expect(smallestImage([{ Id: 'x' }, { Id: 'y', Size: 1 }])).toBe('y');
    expect(smallestImage([])).toBeNull();
  });
});

describe('backup names', () => {
  it('name the volume and the time, without characters file systems refuse', () => {
    expect(backupName('data', new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))).toBe('data-20260102-030405.tar');
  });
});

describe('the tar check', () => {
  it('passes a whole tar through unchanged, in any chunking', async () => {
    const bytes = await packed([['a.txt', 'first\n'], ['dir/b.txt', 'x'.repeat(5000)]]);
    for (const chunk of [7, 100, 512, 4096, bytes.length]) expect(await checked(bytes, chunk)).toEqual({ out: bytes });
  });

  it('refuses what is not a tar, a gzip, an empty file, and a tar cut short anywhere', async () => {
    const bytes = await packed([['a.txt', 'first\n'], ['b.txt', 'second\n']]);
    expect(await checked(Buffer.from('hello, not a tar '.repeat(64)))).toEqual({ error: expect.stringContaining(NOT_A_TAR) });
    expect(await checked(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]))).toEqual({ error: expect.stringContaining('gzip') });
    expect(await checked(Buffer.alloc(0))).toEqual({ error: expect.stringContaining('empty') });
    // Mid-header, mid-body, and exactly between entries (the engine's reader takes that one as complete).
    for (const cut of [300, 520, 1024, bytes.length - 1024, bytes.length - 512]) {
      expect(await checked(bytes.subarray(0, cut))).toEqual({ error: expect.stringMatching(new RegExp(`${CUT_SHORT}|${NOT_A_TAR}`)) });
    }
  });
});

describe('mounts', () => {
  it('are the names of the volumes a container mounts, from the list and from inspect alike', () => {
    const mounts = [
      { Type: 'volume', Name: 'zeta' },
      { Type: 'bind', Source: '/host' },
      { Type: 'volume', Name: 'alpha' },
      { Type: 'tmpfs' },
    ];
    expect(containerFromSummary({ Id: 'c', Mounts: mounts }).mounts).toEqual(['alpha', 'zeta']);
    expect(containerFromInspect({ Id: 'c', Mounts: mounts }).mounts).toEqual(['alpha', 'zeta']);
    expect(containerFromSummary({ Id: 'c' }).mounts).toEqual([]);
  });
});

/**
 * Listing a folder from the engine's tar stream (files/list.ts listArchive):
 * a whole archive lists its direct children; an archive that breaks off in
 * the middle of an entry, by an error or by the connection ending early,
 * rejects with words that say the listing is incomplete, and nothing escapes
 * as an unhandled error.
 */
import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET, listArchive } from '../../electron/engine/files/list';
import { RemoteError } from '#shared/protocol';

/** A tar of "./", a small file, and a 64 KB file, as the engine sends "<folder>/.". */
async function archive(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: './', type: 'directory' });
  pack.entry({ name: './small.txt' }, 'hello\n');
  pack.entry({ name: './big.bin' }, Buffer.alloc(64 * 1024, 7));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The first `cut` bytes of `bytes`, then `end` (an error, or the stream just ending). */
function brokenAfter(bytes: Buffer, cut: number, end: 'error' | 'end' | 'close'): Readable {
  const stream = new PassThrough();
  // Written in pieces, so the extract is inside big.bin's body when the break comes.
  for (let at = 0; at < cut; at += 4096) stream.write(bytes.subarray(at, Math.min(cut, at + 4096)));
  setImmediate(() => {
    if (end === 'error') stream.destroy(new Error('socket hang up'));
    else if (end === 'end') stream.end();
    else stream.destroy();
  });
  return stream;
}

describe('listArchive', () => {
  it('lists the direct children of a whole archive', async () => {
    const listing = await listArchive(Readable.from([await archive()]), '/data', DEFAULT_BUDGET);
    expect(listing.truncated).toBeNull();
    expect(listing.entries.map((entry) => [entry.name, entry.size])).toEqual([
      ['big.bin', 64 * 1024],
      ['small.txt', 6],
    ]);
  });

  for (const end of ['error', 'end', 'close'] as const) {
    it(`rejects, saying the listing is incomplete, when the archive breaks off inside an entry (${end})`, async () => {
      const bytes = await archive();
      // Past small.txt, halfway through big.bin's body.
      const cut = 3 * 512 + 32 * 1024;
      const error = await listArchive(brokenAfter(bytes, cut, end), '/data', DEFAULT_BUDGET).then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(RemoteError);
      expect((error as RemoteError).message).toMatch(/^The engine's archive of \/data broke off before its end \(.+\): the listing is incomplete\. Try again\.$/);
      if (end === 'error') expect((error as RemoteError).message).toContain('socket hang up');
      if (end === 'end') expect((error as RemoteError).message).toContain('it ended in the middle of an entry');
    });
  }
});

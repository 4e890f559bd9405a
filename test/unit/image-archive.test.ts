/**
 * The image archive reader on archives made here: the OCI image layout that
 * newer engines write (index.json → manifest → config and layers, blobs by
 * digest, gzip and plain layers mixed, no manifest.json), the legacy one with
 * a repeated layer written as a symlink, and a zstd layer refused in words.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readImageArchive } from '../../electron/engine/images/archive';

interface Entry {
  name: string;
  body?: Buffer | string;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') pack.entry({ name: e.name, type }, typeof e.body === 'string' ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0)));
    else pack.entry({ name: e.name, type, linkname: e.linkname });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe('readImageArchive', () => {
  it('reads the OCI layout: gzip and plain layers by digest, in the manifest\'s order, named by the config\'s history', async () => {
    const first = await tarOf([{ name: 'data/', type: 'directory' }, { name: 'data/a', body: 'x'.repeat(10) }]);
    const second = await tarOf([{ name: 'data/.wh.a', body: '' }]);
    const firstBlob = gzipSync(first);
    const config = JSON.stringify({
      rootfs: { diff_ids: [`sha256:${sha(first)}`, `sha256:${sha(second)}`] },
      history: [{ created_by: 'ADD a' }, { created_by: 'ENV X=1', empty_layer: true }, { created_by: 'RUN rm a' }],
    });
    const manifest = JSON.stringify({ config: { digest: `sha256:${sha(config)}` }, layers: [{ digest: `sha256:${sha(firstBlob)}` }, { digest: `sha256:${sha(second)}` }] });
    const archive = await tarOf([
      { name: 'blobs/', type: 'directory' },
      { name: `blobs/sha256/${sha(second)}`, body: second },
      { name: `blobs/sha256/${sha(firstBlob)}`, body: firstBlob },
      { name: `blobs/sha256/${sha(config)}`, body: config },
      { name: `blobs/sha256/${sha(manifest)}`, body: manifest },
      { name: 'oci-layout', body: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'index.json', body: JSON.stringify({ manifests: [{ digest: `sha256:${sha(manifest)}` }] }) },
    ]);
    const read = await readImageArchive(Readable.from([archive]));
    expect(read.bytes).toBe(archive.length);
    expect(read.diffIds).toEqual([`sha256:${sha(first)}`, `sha256:${sha(second)}`]);
    expect(read.layers.map((l) => l.createdBy)).toEqual(['ADD a', 'RUN rm a']);
    expect(read.layers[0]!.entries).toEqual([
      { path: 'data', size: 0, type: 'dir', hash: null },
      { path: 'data/a', size: 10, type: 'file', hash: createHash('sha1').update('x'.repeat(10)).digest('hex') },
    ]);
    expect(read.layers[1]!.entries.map((e) => e.path)).toEqual(['data/.wh.a']);
  });

  it('reads the legacy layout, manifest.json last and a repeated layer as a symlink to the first', async () => {
    const layer = await tarOf([{ name: 'f', body: 'same' }]);
    const config = JSON.stringify({ rootfs: { diff_ids: ['sha256:one', 'sha256:two'] }, history: [{ created_by: 'COPY f' }, { created_by: 'COPY f again' }] });
    const archive = await tarOf([
      { name: 'aaa/layer.tar', body: layer },
      { name: 'bbb/layer.tar', type: 'symlink', linkname: '../aaa/layer.tar' },
      { name: 'cfg.json', body: config },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]) },
    ]);
    const read = await readImageArchive(Readable.from([archive]));
    expect(read.layers.map((l) => [l.digest, l.createdBy, l.entries.map((e) => e.path)])).toEqual([
      ['sha256:one', 'COPY f', ['f']],
      ['sha256:two', 'COPY f again', ['f']],
    ]);
  });

  it('says so when a layer is compressed with zstd, or the archive has no manifest', async () => {
    const zstd = await tarOf([{ name: 'blobs/sha256/z', body: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]) }]);
    await expect(readImageArchive(Readable.from([zstd]))).rejects.toThrow(/zstd/);
    const none = await tarOf([{ name: 'readme.txt', body: 'not an image' }]);
    await expect(readImageArchive(Readable.from([none]))).rejects.toThrow(/without manifest.json or index.json/);
  });
});

/**
 * Volumes made, browsed, measured and removed through main's handlers
 * against the real engine: create with driver options and labels, the
 * containers using a volume in Berth's state, sizes from the engine's disk
 * usage, a read-only browse and download through a helper container that
 * is gone afterwards, and removal refused while in use, refused when the
 * confirmation does not name what goes, and done when it does.
 */
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '#shared/contract';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { HELPER_VOLUME_LABEL } from '../../electron/engine/volumes/helper';
import { callHandler, createContainer, docker, item, sweep, TEST_IMAGE, TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, uniqueName, waitConnected, waitFor } from './helpers';

let berth: EngineService;
const labels = { [TEST_LABEL]: TEST_RUN };

function call<N extends Parameters<typeof callHandler>[1]>(name: N, args: Parameters<typeof callHandler<N>>[2]) {
  return callHandler(berth.service, name, args);
}

async function helpersLeft(volume: string): Promise<string> {
  return docker('ps', '-aq', '--filter', `label=${HELPER_VOLUME_LABEL}=${volume}`);
}

async function untar(response: Response): Promise<Map<string, { type: string; mode: number; data: string }>> {
  const files = new Map<string, { type: string; mode: number; data: string }>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(header.name, { type: header.type ?? '', mode: (header.mode ?? 0) & 0o7777, data: Buffer.concat(chunks).toString() });
      next();
    });
  });
  Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(extract);
  await new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  return files;
}

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
});

describe('volumes', () => {
  it('creates a volume with its driver options and labels, and refuses a name that is taken or malformed', async () => {
    const name = uniqueName('vol-made');
    const made = await call('volume.create', { name, driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=8m' }, labels: { ...labels, purpose: 'test' } });
    expect(made).toMatchObject({ name, driver: 'local', labels: { purpose: 'test' } });
    const inspected = JSON.parse(await docker('volume', 'inspect', name)) as [{ Options: Record<string, string> }];
    expect(inspected[0].Options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=8m' });
    await waitFor('the new volume in Berth', () => item(berth.engine, 'volume', name));
    await expect(call('volume.create', { name, labels })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });
    expect(requests['volume.create'].args.safeParse({ name: '../etc' }).success).toBe(false);
    expect(requests['volume.create'].args.safeParse({ name: 'x' }).success).toBe(false);
  });

  it('makes an anonymous volume when no name is given', async () => {
    const made = await call('volume.create', { labels });
    expect(made.name).toMatch(/^[0-9a-f]{64}$/);
  });

  it('knows the containers that use a volume, from its own state', async () => {
    const name = uniqueName('vol-used');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    const id = await createContainer(uniqueName('vol-user'), ['-v', `${name}:/data`]);
    const container = await waitFor('the container in Berth', () => item(berth.engine, 'container', id));
    expect(container.mounts).toEqual([name]);
  });

  it('browses a volume read-only and downloads a file and a folder, leaving no helper', async () => {
    const name = uniqueName('vol-browse');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${name}:/v`, TEST_IMAGE, 'sh', '-c', 'mkdir -p /v/docs/deep && echo hello > /v/docs/a.txt && chmod 0600 /v/docs/a.txt && echo x > /v/docs/deep/b && ln -s docs/a.txt /v/link');
    const top = await call('volume.list', { name, path: '/' });
    expect(top.path).toBe('/');
    expect(top.entries.map((e) => [e.name, e.type])).toEqual([['docs', 'directory'], ['link', 'symlink']]);
    const docs = await call('volume.list', { name, path: '/docs' });
    expect(docs.entries.find((e) => e.name === 'a.txt')).toMatchObject({ type: 'file', size: 6, mode: 0o600 });
    await expect(call('volume.list', { name, path: '/missing' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining(`/missing in volume ${name}`) });
    expect(await helpersLeft(name)).toBe('');

    const file = await call('volume.download', { name, path: '/docs/a.txt' });
    expect(file.name).toBe('a.txt.tar');
    const fileResponse = (await berth.files.transfers.handle(new Request(`http://127.0.0.1${file.url}`)))!;
    expect(fileResponse.status).toBe(200);
    expect((await untar(fileResponse)).get('a.txt')).toMatchObject({ data: 'hello\n', mode: 0o600 });
    const folder = await call('volume.download', { name, path: '/docs' });
    const folderFiles = await untar((await berth.files.transfers.handle(new Request(`http://127.0.0.1${folder.url}`)))!);
    expect(folderFiles.get('docs/deep/b')?.data).toBe('x\n');
    await waitFor('the download helpers to go', async () => (await helpersLeft(name)) === '');
    // The helper mounted it read-only: nothing a browse does can write.
    expect(await call('volume.contents', { name })).toEqual({ empty: false, sample: ['docs', 'link'] });
  });

  it('does not create a volume that a browse names and that does not exist', async () => {
    const name = uniqueName('vol-none');
    await expect(call('volume.list', { name, path: '/' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining(name) });
    expect(await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)).toBe('');
  });

  it('says each volume\u2019s size on demand', async () => {
    const name = uniqueName('vol-size');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${name}:/v`, TEST_IMAGE, 'dd', 'if=/dev/zero', 'of=/v/blob', 'bs=1024', 'count=3072');
    const { sizes } = await call('volume.sizes', {});
    expect(sizes[name]).toBeGreaterThanOrEqual(3 * 2 ** 20);
  });

  it('refuses to remove a volume in use, refuses a confirmation that does not name its containers, and removes both when it does', async () => {
    const name = uniqueName('vol-rm');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    const userName = uniqueName('vol-rm-user');
    const user = await createContainer(userName, ['-v', `${name}:/data`]);
    await expect(call('volume.remove', { name, confirmed: { name } })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(userName) });
    await expect(call('volume.remove', { name, removeContainers: true, confirmed: { name } })).rejects.toMatchObject({ code: 'unconfirmed' });
    await expect(call('volume.remove', { name, removeContainers: true, confirmed: { name: 'another', also: [userName] } })).rejects.toMatchObject({ code: 'unconfirmed' });
    expect(await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)).toBe(name);
    expect(await call('volume.remove', { name, removeContainers: true, confirmed: { name, also: [userName] } })).toEqual({ removedContainers: [userName] });
    expect(await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)).toBe('');
    expect(await docker('ps', '-aq', '--filter', `id=${user}`)).toBe('');
    await waitFor('the volume gone from Berth', () => item(berth.engine, 'volume', name) === undefined);
  });

  it('removes an unused volume when the confirmation names it', async () => {
    const name = uniqueName('vol-rm-free');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    expect(await call('volume.remove', { name, confirmed: { name } })).toEqual({ removedContainers: [] });
    await expect(call('volume.remove', { name, confirmed: { name } })).rejects.toMatchObject({ code: 'not-found' });
  });
});

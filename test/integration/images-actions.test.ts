/**
 * Tag, remove, save and load against the real engine: removal refused unless
 * the confirmation named the tag (and, forced, the containers that use the
 * image); a save streamed through a one-time address, loaded back through
 * another, gives the same image id; a file that is no image is refused.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadResultSchema } from '#shared/images';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { buildImage, imageTag, sweepImages } from '../support/images';
import { TEST_IMAGE, TEST_LABEL_ARG, callHandler, docker, uniqueName, waitConnected, waitFor } from './helpers';

let berth: EngineService;
let folder: string;

beforeAll(async () => {
  berth = createEngineService();
  await waitConnected(berth.engine);
  folder = mkdtempSync(join(tmpdir(), 'berth-images-save-'));
});

afterAll(async () => {
  await berth?.stop();
  await sweepImages();
  rmSync(folder, { recursive: true, force: true });
});

const tagsOf = (id: string) => berth.engine.store.get('image', id)?.tags ?? [];

async function transfer(url: string, init?: RequestInit): Promise<Response> {
  const response = await berth.files.transfers.handle(new Request(`http://127.0.0.1${url}`, init));
  if (response === null) throw new Error(`${url} is not a transfer address`);
  return response;
}

describe('image.tag and image.remove', () => {
  it('tags an image, then removes that tag only when the confirmation names it', async () => {
    const original = imageTag('tag');
    const id = await buildImage(['COPY a /a'], { a: 'tag me' }, original);
    const second = `${original.split(':')[0]}:second`;
    await callHandler(berth.service, 'image.tag', { id, repository: second.split(':')[0]!, tag: 'second' });
    await waitFor('the new tag in Berth', () => tagsOf(id).includes(second));

    await expect(callHandler(berth.service, 'image.remove', { ref: second, confirmed: { name: original } })).rejects.toMatchObject({ code: 'unconfirmed' });
    const result = await callHandler(berth.service, 'image.remove', { ref: second, confirmed: { name: second } });
    expect(result).toEqual({ untagged: [second], deleted: [] });
    await waitFor('the tag gone in Berth', () => !tagsOf(id).includes(second));
    expect(tagsOf(id)).toEqual([original]);
  });

  it('refuses a bad repository or tag before the engine sees it', async () => {
    await expect(callHandler(berth.service, 'image.tag', { id: TEST_IMAGE, repository: 'Upper/Case', tag: 'x' })).rejects.toThrow(/a repository is/);
    await expect(callHandler(berth.service, 'image.tag', { id: TEST_IMAGE, repository: 'fine', tag: '-bad' })).rejects.toThrow(/a tag is/);
  });

  it('forces a removal from under a container only when the confirmation names the container', async () => {
    const tag = imageTag('used');
    const id = await buildImage(['COPY a /a'], { a: 'used' }, tag);
    const name = uniqueName('user');
    const container = await docker('create', '--label', TEST_LABEL_ARG, '--name', name, tag, 'true');
    await waitFor('the container in Berth', () => berth.engine.store.get('container', container));

    await expect(callHandler(berth.service, 'image.remove', { ref: tag, confirmed: { name: tag } })).rejects.toMatchObject({ code: 'conflict' });
    await expect(callHandler(berth.service, 'image.remove', { ref: tag, force: true, confirmed: { name: tag } })).rejects.toMatchObject({
      code: 'unconfirmed',
      message: expect.stringContaining(name),
    });
    const result = await callHandler(berth.service, 'image.remove', { ref: tag, force: true, confirmed: { name: tag, also: [name] } });
    expect(result.untagged).toEqual([tag]);
    await expect(docker('image', 'inspect', tag)).rejects.toThrow();
    // The engine's own record of the container still names the image it was made from.
    expect(await docker('inspect', '--format', '{{.Image}}', container)).toBe(id);
  });
});

describe('image.save and image.load', () => {
  it('round-trips an image through a file: the same id, its tag back', async () => {
    const tag = imageTag('save');
    const id = await buildImage(['COPY a /a', 'COPY b /b'], { a: 'saved', b: Buffer.alloc(200_000, 7) }, tag);
    const { url, name } = await callHandler(berth.service, 'image.save', { id: tag });
    expect(name).toBe(`${tag.replace(/[/:]/g, '_')}.tar`);
    const saved = await transfer(url);
    expect(saved.status).toBe(200);
    expect(saved.headers.get('content-type')).toBe('application/x-tar');
    const file = join(folder, name);
    await pipeline(Readable.fromWeb(saved.body as NodeReadableStream), createWriteStream(file));
    // The address was for one download only.
    expect((await transfer(url)).status).toBe(404);

    await callHandler(berth.service, 'image.remove', { ref: id, force: true, confirmed: { name: id } });
    await expect(docker('image', 'inspect', id)).rejects.toThrow();

    const { url: loadUrl } = await callHandler(berth.service, 'image.load', {});
    const loaded = await transfer(loadUrl, {
      method: 'POST',
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      headers: { 'content-length': String(statSync(file).size) },
      duplex: 'half',
    } as RequestInit);
    expect(loaded.status).toBe(200);
    expect(LoadResultSchema.parse(await loaded.json()).loaded).toEqual([tag]);
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', tag)).toBe(id);
  });

  it('refuses a file that is not an image, in the engine\'s words', async () => {
    const { url } = await callHandler(berth.service, 'image.load', {});
    const response = await transfer(url, { method: 'POST', body: 'this is no tar' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^The engine did not load the file: ./);
  });
});

/**
 * The Images page's prune against the real engine: a Cleanup preview of one
 * scope, held in main. The preview lists dangling (or unused) images with
 * name, size and age; between the preview and the delete a new dangling image
 * appears and a previewed one is tagged: the delete removes exactly the
 * previewed images still as previewed, skips the tagged one with the reason,
 * and leaves the new one alone. A renderer that names an image the preview
 * did not offer gets nothing deleted at all. The engine is shared with other
 * runs, so the delete names only this run's images.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanupPreview } from '#shared/cleanup';
import { RemoteError } from '#shared/protocol';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { buildImage, imageTag, sweepImages } from '../support/images';
import { TEST_LABEL_ARG, callHandler, docker, uniqueName, waitConnected } from './helpers';

let berth: EngineService;

beforeAll(async () => {
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweepImages();
});

const exists = (id: string) => docker('image', 'inspect', id).then(() => true, () => false);
const dangling = () => buildImage(['COPY a /a'], { a: randomBytes(64) });
const preview = (scope: 'danglingImages' | 'unusedImages') => callHandler(berth.service, 'cleanup.preview', { scope });
const remove = (held: CleanupPreview, ids: readonly string[]) =>
  callHandler(berth.service, 'cleanup.delete', { previewId: held.previewId, items: ids.map((id) => ({ kind: 'image' as const, id })), confirmed: { name: held.previewId } });

describe('prune images through a preview held in main', () => {
  it('removes exactly the previewed dangling images that are still dangling, and nothing that appeared since', async () => {
    const [gone, retagged] = [await dangling(), await dangling()];
    const held = await preview('danglingImages');
    expect(held.scope).toBe('danglingImages');
    expect(held.candidates.every((c) => c.kind === 'image')).toBe(true);
    const mine = held.candidates.filter((c) => c.id === gone || c.id === retagged);
    expect(mine.map((c) => c.id).sort()).toEqual([gone, retagged].sort());
    for (const c of mine) {
      expect(c.name).toMatch(/^<none> [0-9a-f]{12}$/);
      expect(c.size).toBeGreaterThan(0);
      expect(c.created).toBeGreaterThan(Date.now() - 600_000);
    }

    // Meanwhile: a new dangling image, and one of the previewed gets a tag.
    const newcomer = await dangling();
    await docker('tag', retagged, imageTag('retagged'));

    const result = await remove(held, [gone, retagged]);
    expect(result.removed.map((r) => r.id)).toEqual([gone]);
    expect(result.skipped).toEqual([{ kind: 'image', id: retagged, name: expect.any(String), reason: 'its tags changed since the preview' }]);
    expect(await exists(gone)).toBe(false);
    expect(await exists(retagged)).toBe(true);
    expect(await exists(newcomer)).toBe(true);
  });

  it('previews unused images without those a container uses, and skips one a container started using since', async () => {
    const [idle, used, laterUsed] = [imageTag('idle'), imageTag('used'), imageTag('later')];
    const ids = [
      await buildImage(['COPY a /a'], { a: randomBytes(64) }, idle),
      await buildImage(['COPY a /a'], { a: randomBytes(64) }, used),
      await buildImage(['COPY a /a'], { a: randomBytes(64) }, laterUsed),
    ];
    await docker('create', '--label', TEST_LABEL_ARG, '--name', uniqueName('prune'), used, 'true');
    const held = await preview('unusedImages');
    const mine = held.candidates.filter((c) => ids.includes(c.id));
    expect(mine.map((c) => c.name).sort()).toEqual([idle, laterUsed].sort());

    await docker('create', '--label', TEST_LABEL_ARG, '--name', uniqueName('prune'), laterUsed, 'true');
    const result = await remove(held, mine.map((c) => c.id));
    expect(result.removed.map((r) => r.name)).toEqual([idle]);
    expect(result.skipped).toEqual([{ kind: 'image', id: ids[2], name: laterUsed, reason: 'a container uses it now' }]);
    expect(await exists(idle)).toBe(false);
    expect(await exists(laterUsed)).toBe(true);
  });

  it('never lists a pinned image, and skips one pinned after the preview', async () => {
    const [kept, laterKept] = [imageTag('pinned'), imageTag('pinned-later')];
    const ids = [await buildImage(['COPY a /a'], { a: randomBytes(64) }, kept), await buildImage(['COPY a /a'], { a: randomBytes(64) }, laterKept)];
    await callHandler(berth.service, 'cleanup.protect', { kind: 'image', id: ids[0]!, protect: true });
    const held = await preview('unusedImages');
    expect(held.candidates.some((c) => c.id === ids[0])).toBe(false);
    expect(held.protected).toContainEqual({ kind: 'image', id: ids[0], name: kept, by: 'pin' });
    expect(await callHandler(berth.service, 'cleanup.pins', {})).toContainEqual({ kind: 'image', id: ids[0] });

    await callHandler(berth.service, 'cleanup.protect', { kind: 'image', id: ids[1]!, protect: true });
    const result = await remove(held, [ids[1]!]);
    expect(result.skipped).toEqual([{ kind: 'image', id: ids[1], name: laterKept, reason: 'it was pinned since the preview' }]);
    expect(await exists(laterKept)).toBe(true);
    for (const id of ids) await callHandler(berth.service, 'cleanup.protect', { kind: 'image', id, protect: false });
  });

  it('refuses, deleting nothing, a renderer’s list that names an image the preview did not offer', async () => {
    const offered = await dangling();
    const tagged = imageTag('forged');
    const notOffered = await buildImage(['COPY a /a'], { a: randomBytes(64) }, tagged);
    // A dangling preview never offers a tagged image; the forged list names it beside one it did offer.
    const held = await preview('danglingImages');
    expect(held.candidates.some((c) => c.id === offered)).toBe(true);
    const error = await remove(held, [offered, notOffered]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).code).toBe('bad-request');
    expect((error as RemoteError).message).toMatch(/deleted nothing: image .* is not among the items the preview offered/);
    expect(await exists(offered)).toBe(true);
    expect(await exists(notOffered)).toBe(true);

    // Nor can it name another kind in an images preview, or reuse the preview.
    const again = await preview('danglingImages');
    const container = await docker('create', '--label', TEST_LABEL_ARG, '--name', uniqueName('forged'), tagged, 'true');
    const other = await callHandler(berth.service, 'cleanup.delete', {
      previewId: again.previewId,
      items: [{ kind: 'container', id: container }],
      confirmed: { name: again.previewId },
    }).catch((e: unknown) => e);
    expect((other as RemoteError).code).toBe('bad-request');
    expect(await docker('inspect', '--format', '{{.Id}}', container)).toBe(container);
  });
});

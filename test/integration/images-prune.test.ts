/**
 * Prune with an exact preview against the real engine: the preview lists
 * dangling (or unused) images with name, size and age; between the preview
 * and the prune a new dangling image appears and a previewed one is tagged:
 * the prune removes exactly the previewed images still as previewed, skips the
 * tagged one with the reason, and leaves the new one alone. The engine is
 * shared with other runs, so the prune is given only this run's images.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('image.prunePreview and image.prune', () => {
  it('removes exactly the previewed dangling images that are still dangling, and nothing that appeared since', async () => {
    const [gone, retagged] = [await dangling(), await dangling()];
    const preview = await callHandler(berth.service, 'image.prunePreview', { mode: 'dangling' });
    const mine = preview.filter((c) => c.id === gone || c.id === retagged);
    expect(mine.map((c) => c.id).sort()).toEqual([gone, retagged].sort());
    for (const c of mine) {
      expect(c.tags).toEqual([]);
      expect(c.size).toBeGreaterThan(0);
      expect(c.created).toBeGreaterThan(Date.now() - 600_000);
    }

    // Meanwhile: a new dangling image, and one of the previewed gets a tag.
    const newcomer = await dangling();
    const tag = imageTag('retagged');
    await docker('tag', retagged, tag);

    const result = await callHandler(berth.service, 'image.prune', { mode: 'dangling', previewed: mine });
    expect(result.removed.map((r) => r.id)).toEqual([gone]);
    expect(result.skipped).toEqual([{ id: retagged, reason: `its tags are ${tag} now` }]);
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
    const preview = await callHandler(berth.service, 'image.prunePreview', { mode: 'unused' });
    const mine = preview.filter((c) => ids.includes(c.id));
    expect(mine.map((c) => c.tags)).toEqual(expect.arrayContaining([[idle], [laterUsed]]));
    expect(mine).toHaveLength(2);

    await docker('create', '--label', TEST_LABEL_ARG, '--name', uniqueName('prune'), laterUsed, 'true');
    const result = await callHandler(berth.service, 'image.prune', { mode: 'unused', previewed: mine });
    expect(result.removed.map((r) => r.tags)).toEqual([[idle]]);
    expect(result.skipped).toEqual([{ id: ids[2], reason: 'a container uses it now' }]);
    expect(await exists(idle)).toBe(false);
    expect(await exists(laterUsed)).toBe(true);
  });

  it('refuses a previewed id that is not a full image id', async () => {
    await expect(
      callHandler(berth.service, 'image.prune', { mode: 'dangling', previewed: [{ id: 'abc', tags: [], size: 1, created: 0 }] }),
    ).rejects.toThrow(/full image id/);
  });
});

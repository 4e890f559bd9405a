/**
 * Shared size on the real engine: on API 1.41 its image list says nothing
 * (Berth's list leaves the field out, the page shows "—"), and the disk usage
 * the page's "Compute shared sizes" asks for gives it per image. An image
 * built on the test image shares exactly the test image's layers, and the
 * test image then shares all of its own.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { buildImage, imageTag, sweepImages } from '../support/images';
import { TEST_IMAGE, callHandler, docker, waitConnected, waitFor } from './helpers';

let berth: EngineService;

beforeAll(async () => {
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweepImages();
});

it('fills shared sizes from the disk usage, on demand, where the list of API 1.41 has none', async () => {
  // A layer of its own that no other image can share: random bytes.
  const child = await buildImage(['COPY own /own'], { own: randomBytes(100_000) }, imageTag('shared'));
  const base = await docker('inspect', '--format', '{{.Id}} {{.Size}}', TEST_IMAGE);
  const [baseId, baseSize] = base.split(' ');

  const listed = await waitFor('the child in Berth', () => berth.engine.store.get('image', child));
  const api = Number((await docker('version', '--format', '{{.Server.APIVersion}}')).replace(/^1\./, ''));
  // From API 1.42 the list says itself, and the page has nothing to compute.
  if (api < 42) expect(listed.sharedSize).toBeUndefined();

  const usage = await callHandler(berth.service, 'system.df', {});
  const sizes = new Map(usage.images.items.map((item) => [item.id, item]));
  expect(sizes.get(child)?.sharedSize).toBe(Number(baseSize));
  expect(sizes.get(baseId ?? '')?.sharedSize).toBe(Number(baseSize));
  expect(sizes.get(child)?.size).toBeGreaterThan(Number(baseSize) + 100_000 - 1);
});

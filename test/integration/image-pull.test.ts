/**
 * An image pulled from a registry shows up by itself. No public registry is
 * reachable, so the test runs Debian's own registry (docker-registry) on a
 * loopback port, pushes the test image to it and pulls it back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { startLocalRegistry, type LocalRegistry } from '../support/registry';
import { docker, waitConnected, waitFor } from './helpers';

let registry: LocalRegistry | undefined;
let berth: EngineService;
let reference: string;

beforeAll(async () => {
  registry = await startLocalRegistry('pulled');
  reference = registry.reference;
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await docker('rmi', reference).catch(() => undefined);
  registry?.stop();
});

it('shows a pulled tag without re-listing', async () => {
  const before = berth.engine.metrics();
  const hasTag = () => berth.engine.store.snapshot().images.some((image) => image.tags.includes(reference));
  expect(hasTag()).toBe(false);
  await docker('pull', reference);
  await waitFor('the pulled tag', hasTag);
  expect(berth.engine.metrics().lists).toBe(before.lists);
});

/**
 * An image pulled from a registry shows up by itself. No public registry is
 * reachable, so the test runs Debian's own registry (docker-registry) on a
 * loopback port, pushes the test image to it and pulls it back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/service';
import { TEST_IMAGE, docker, waitConnected, waitFor } from './helpers';

let registry: ChildProcess | undefined;
let dir: string;
let berth: EngineService;
let reference: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    ['version: 0.1', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'),
  );
  registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  // The engine treats localhost registries as insecure (plain HTTP) by default.
  reference = `localhost:${port}/berth-test/pulled:1`;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(`http://127.0.0.1:${port}/v2/`);
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await docker('tag', TEST_IMAGE, reference);
  await docker('push', reference);
  await docker('rmi', reference);
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await docker('rmi', reference).catch(() => undefined);
  registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

it('shows a pulled tag without re-listing', async () => {
  const before = berth.engine.metrics();
  const hasTag = () => berth.engine.store.snapshot().images.some((image) => image.tags.includes(reference));
  expect(hasTag()).toBe(false);
  await docker('pull', reference);
  await waitFor('the pulled tag', hasTag);
  expect(berth.engine.metrics().lists).toBe(before.lists);
});

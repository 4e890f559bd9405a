/**
 * A real registry for pull tests: no public one is reachable, so Debian's
 * docker-registry serves on a free loopback port (the engine treats
 * localhost registries as plain HTTP), holding the test image under
 * `localhost:<port>/berth-test/<name>:1`, pushed there and removed locally so
 * that a pull has something to fetch.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, docker } from './docker';

export interface LocalRegistry {
  /** The pushed test image's reference, not present in the engine. */
  reference: string;
  /** Stops the registry and deletes its storage. */
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startLocalRegistry(name: string): Promise<LocalRegistry> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(config, ['version: 0.1', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'));
  const registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const stop = (): void => {
    registry.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let tries = 0; ; tries++) {
      try {
        await fetch(`http://127.0.0.1:${port}/v2/`);
        break;
      } catch (error) {
        if (tries > 100) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const reference = `localhost:${port}/berth-test/${name}:1`;
    await docker('tag', TEST_IMAGE, reference);
    await docker('push', reference);
    await docker('rmi', reference);
    return { reference, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

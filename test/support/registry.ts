/**
 * A real registry for pull tests: no public one is reachable, so Debian's
 * docker-registry serves on a free loopback port (the engine treats
 * localhost registries as plain HTTP), holding the test image under
 * `localhost:<port>/berth-test/<name>:1`, pushed there and removed locally so
 * that a pull has something to fetch.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, docker } from './docker';

export interface Registry {
  /** Its address as references name it: localhost:<port>. */
  host: string;
  port: number;
  /** Stops the registry and deletes its storage. */
  stop(): void;
}

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

/**
 * An empty registry on a free loopback port; with `login`, one that asks for
 * that user and password (htpasswd, bcrypt as `htpasswd -B` makes it); with
 * `auth`, the lines of its own `auth:` section (token-registry.ts).
 */
export async function startRegistry(login?: { username: string; password: string }, auth: string[] = []): Promise<Registry> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const config = join(dir, 'config.yml');
  const lines = ['version: 0.1', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, '  delete:', '    enabled: true', 'http:', `  addr: 127.0.0.1:${port}`];
  if (login) {
    const htpasswd = join(dir, 'htpasswd');
    execFileSync('htpasswd', ['-B', '-b', '-c', htpasswd, login.username, login.password], { stdio: 'ignore' });
    lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${htpasswd}`);
  }
  writeFileSync(config, [...lines, ...auth, ''].join('\n'));
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
  } catch (error) {
    stop();
    throw error;
  }
  return { host: `localhost:${port}`, port, stop };
}

export async function startLocalRegistry(name: string): Promise<LocalRegistry> {
  const { host, stop } = await startRegistry();
  try {
    const reference = `${host}/berth-test/${name}:1`;
    await docker('tag', TEST_IMAGE, reference);
    await docker('push', reference);
    await docker('rmi', reference);
    return { reference, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

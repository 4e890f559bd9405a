/**
 * The other kinds of engine that scripts/test-engines.sh brings up beside the
 * main one: where each is, the credentials made for it, and whether it is up
 * (and if not, why: the tests skip with that reason, never pass silently).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_LABEL_ARG } from './docker';

const run = promisify(execFile);

export const ENGINES_ROOT = '/run/berth-test';
export const ENGINE_B_SOCKET = `unix://${ENGINES_ROOT}/b/docker.sock`;
export const ENGINE_B_CONTEXT = 'berth-test-b';
export const PODMAN_SOCKET = `unix://${ENGINES_ROOT}/podman.sock`;
export const TLS_HOST = 'tcp://127.0.0.1:23760';
/** DOCKER_CERT_PATH folders (ca.pem, cert.pem, key.pem): the right CA, and a CA that did not sign the server's certificate. */
export const TLS_CLIENT_DIR = `${ENGINES_ROOT}/tls/client`;
export const TLS_WRONG_CA_DIR = `${ENGINES_ROOT}/tls/wrong`;
export const SSH_HOST = 'ssh://berth-test@127.0.0.1:2222';
export const SSH_KEYS = {
  ed25519: `${ENGINES_ROOT}/ssh/id_ed25519`,
  rsa: `${ENGINES_ROOT}/ssh/id_rsa`,
  /** Not in authorized_keys. */
  wrong: `${ENGINES_ROOT}/ssh/wrong_ed25519`,
};

export type EngineKind = 'b' | 'podman' | 'tls' | 'ssh';

/** Why the engine is not up, or undefined when scripts/test-engines.sh made it ready. */
export function engineMissing(kind: EngineKind): string | undefined {
  let state: string;
  try {
    state = readFileSync(`${ENGINES_ROOT}/state/${kind}`, 'utf8').trim();
  } catch {
    return `engine "${kind}" was not brought up: run scripts/test-engines.sh as root (npm test does)`;
  }
  return state === 'ready' ? undefined : `engine "${kind}" is not available: ${state}`;
}

/** A CLI (docker or podman) pointed at one engine by its global flags. */
export interface EngineCli {
  (...args: string[]): Promise<string>;
}

export function engineCli(command: 'docker' | 'podman', globalFlags: string[]): EngineCli {
  return async (...args) => (await run(command, [...globalFlags, ...args], { maxBuffer: 16 << 20 })).stdout.trim();
}

/** Removes this run's labelled containers from one engine. */
export async function sweepEngine(cli: EngineCli): Promise<void> {
  const ids = (await cli('ps', '-aq', '--filter', `label=${TEST_LABEL_ARG}`)).split('\n').filter(Boolean);
  if (ids.length) await cli('rm', '-f', ...ids);
}

/**
 * A unix socket of the test's own in front of an engine's: closing it is the
 * engine going away (for this test only; the engine itself and everyone
 * else's use of it are untouched), opening it again is the engine back.
 */
export interface SocketProxy {
  /** unix:// address of the proxy. */
  url: string;
  open(): Promise<void>;
  /** Stops listening and cuts every connection through it. */
  close(): Promise<void>;
  /** Connections open through it now: how many sockets Berth holds to the engine. */
  connections(): number;
  /** close(), and its folder removed. */
  dispose(): Promise<void>;
}

export function socketProxy(engineUrl: string): SocketProxy {
  const target = new URL(engineUrl).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'berth-proxy-'));
  const path = join(dir, 'engine.sock');
  const live = new Set<Socket>();
  let server: Server | undefined;
  const proxy: SocketProxy = {
    url: `unix://${path}`,
    open: () =>
      new Promise((resolve, reject) => {
        const listening = createServer((client) => {
          const upstream = createConnection(target);
          live.add(client);
          const cut = () => {
            live.delete(client);
            client.destroy();
            upstream.destroy();
          };
          client.on('error', cut).on('close', cut);
          upstream.on('error', cut).on('close', cut);
          client.pipe(upstream).pipe(client);
        });
        listening.once('error', reject);
        listening.listen(path, () => {
          server = listening;
          resolve();
        });
      }),
    close: () =>
      new Promise((resolve) => {
        for (const client of live) client.destroy();
        live.clear();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
    connections: () => live.size,
    dispose: async () => {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return proxy;
}

/**
 * A BERTH_SSH_COMMAND over an ssh configuration of the test's own, as a user
 * would write one in ~/.ssh/config: the key, the known hosts (the test sshd's
 * host key, or none) and strict host-key checking.
 */
export function sshCommandFor(key: string, { knowsHost = true } = {}): { command: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ssh-'));
  const knownHosts = join(dir, 'known_hosts');
  const [type, hostKey] = readFileSync(join(ENGINES_ROOT, 'ssh/host_ed25519.pub'), 'utf8').trim().split(/\s+/);
  writeFileSync(knownHosts, knowsHost ? `[127.0.0.1]:2222 ${type} ${hostKey}\n` : '');
  const config = join(dir, 'config');
  const lines = ['Host *', `  IdentityFile ${key}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`, '  StrictHostKeyChecking yes', ''];
  writeFileSync(config, lines.join('\n'));
  return { command: `ssh -F ${config}`, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the body with these variables in process.env, then puts back what was there. */
export async function withEnvironment(vars: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const saved = Object.keys(vars).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, vars);
  try {
    await body();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * The other kinds of engine that scripts/test-engines.sh brings up beside the
 * main one: where each is, the credentials made for it, and whether it is up
 * (and if not, why: the tests skip with that reason, never pass silently).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

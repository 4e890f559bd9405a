/** This machine as discovery and the docker CLI's rules read it: the environment, the home folder, and its files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolveEndpoint, type ResolvedEndpoint } from '../engine/endpoint';
import type { DiscoveryInputs } from './discover';

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

export function machine(): DiscoveryInputs {
  return { env: process.env, platform: process.platform, homedir: homedir(), readFile: readIfExists, listDir, exists: existsSync };
}

/** The endpoint the docker CLI would use from this process's environment. */
export function endpointFromEnvironment(): ResolvedEndpoint {
  return resolveEndpoint(machine());
}

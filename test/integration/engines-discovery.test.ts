/**
 * Discovery follows the docker CLI while Berth runs: a context made with
 * `docker context create` appears in the engine list and connects, `docker
 * context use` moves the "current" mark, and `docker context rm` takes the
 * engine away, ending what was open on it. The CLI writes into a
 * DOCKER_CONFIG of the test's own, watched as Berth watches the user's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEntry } from '#shared/engines';
import { discoverEngines, discoveryFolders, type DiscoveryInputs } from '../../electron/engines/discover';
import { machine } from '../../electron/engines/machine';
import { watchFolders } from '../../electron/engines/watch';
import { createBerthService, type BerthService } from '../../electron/service';
import { memorySettings } from '../support/service';
import { TEST_RUN, waitFor } from './helpers';

const run = promisify(execFile);
const MAIN_ENGINE = 'unix:///var/run/docker.sock';
const CONTEXT = `berth-watch-${TEST_RUN}`.toLowerCase().replace(/[^a-z0-9_.+-]/g, '-');

describe('discovery while Berth runs', () => {
  let config: string;
  let berth: BerthService;
  let listed: EngineEntry[] = [];
  let closeList: () => void;
  const docker = (...args: string[]) => run('docker', ['--config', config, ...args], { env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '' } });
  const entry = (id: string) => listed.find((e) => e.id === id);

  beforeAll(() => {
    config = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
    // The machine as Berth reads it, but with the test's own config folder and no DOCKER_HOST to override the contexts.
    const { DOCKER_HOST: _host, DOCKER_CONTEXT: _context, ...env } = process.env;
    const inputs: DiscoveryInputs = { ...machine(), env: { ...env, DOCKER_CONFIG: config } };
    berth = createBerthService({
      discover: () => discoverEngines(inputs),
      watch: (changed) => watchFolders(() => discoveryFolders(inputs), changed),
      settings: memorySettings(),
    });
    closeList = berth.service.streams.engines({}, { data: ({ engines }) => (listed = engines), end: () => undefined, ready: () => true, onReady: () => () => undefined });
  });

  afterAll(async () => {
    closeList?.();
    await berth?.stop();
    rmSync(config, { recursive: true, force: true });
  });

  it('a context made, used and removed with the CLI appears, connects, becomes current and goes, ending its streams', async () => {
    expect(entry(CONTEXT)).toBeUndefined();
    await docker('context', 'create', CONTEXT, '--docker', `host=${MAIN_ENGINE}`);
    await waitFor(`"${CONTEXT}" in the engine list`, () => entry(CONTEXT));
    expect(entry(CONTEXT)).toMatchObject({ url: MAIN_ENGINE, origin: 'context', current: false });
    await waitFor(`"${CONTEXT}" to connect`, () => berth.registry.get(CONTEXT)?.engine.status.state === 'connected', 20_000);

    await docker('context', 'use', CONTEXT);
    await waitFor(`"${CONTEXT}" to be current`, () => entry(CONTEXT)?.current);
    expect(entry('default')?.current).toBe(false);

    let ended: Error | undefined;
    const handlers = berth.service.engine(CONTEXT)!;
    handlers.streams.state({}, { data: () => undefined, end: (error) => (ended = error instanceof Error ? error : new Error(`ended with ${String(error)}`)), ready: () => true, onReady: () => () => undefined });
    await docker('context', 'use', 'default');
    await docker('context', 'rm', CONTEXT);
    await waitFor(`"${CONTEXT}" to leave the engine list`, () => entry('default') && !entry(CONTEXT));
    expect(entry('default')?.current).toBe(true);
    expect(berth.service.engine(CONTEXT)).toBeUndefined();
    await waitFor('its state stream to end', () => ended);
    expect(ended?.message).toMatch(/no longer open/);
  });
});

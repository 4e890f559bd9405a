/**
 * Build cache in Cleanup, on an engine of the test's own (a one-node swarm
 * from test/support/swarm.ts: nobody else's builds or prunes meet it): a
 * BuildKit build makes cache records; the preview lists every record the
 * engine reports, ticked as `docker builder prune` would take them (not the
 * ones an image shares); a delete of the ticked ones removes exactly those,
 * as the engine's disk usage then says, and not the records a build made
 * after the preview.
 *
 * Build cache without the buildx CLI: the engine's own BuildKit answers
 * `POST /build?version=2` with the context as the request's tar body (no
 * session needed: dockerd serves the body to BuildKit itself) and keeps
 * cache records as `docker buildx build` would. The legacy builder, which
 * Berth's build job uses, makes none.
 */
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRequests } from '#shared/cleanup';
import { cleanupHandlers, type CleanupHandlers } from '../../electron/engine/cleanup/handlers';
import { memoryPins } from '../../electron/engine/cleanup/pins';
import { Engine } from '../../electron/engine/engine';
import { startSwarm, swarmMissing, type Swarm } from '../support/swarm';
import { TEST_IMAGE, waitConnected } from './helpers';

const missing = swarmMissing();

/** Builds `dockerfile` (with `files` beside it) with BuildKit; resolves when the engine says the build is done. */
async function buildKitBuild(docker: Docker, tag: string, dockerfile: string, files: Record<string, string>): Promise<void> {
  const context = pack();
  for (const [name, text] of Object.entries({ Dockerfile: dockerfile, ...files })) context.entry({ name }, text);
  context.finalize();
  // dockerode's types leave out `version`: it goes through as the query parameter it is.
  const stream = await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: tag, version: '2' } as Docker.ImageBuildOptions);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, messages: Array<{ error?: string }>) => {
      const failed = error ?? messages.find((m) => m.error !== undefined)?.error;
      if (failed) reject(failed instanceof Error ? failed : new Error(`BuildKit build failed: ${failed}`));
      else resolve();
    });
  });
}

interface CacheRecord {
  ID: string;
  Shared: boolean;
  InUse: boolean;
  Description: string;
}

describe.skipIf(missing !== undefined)(`build cache in Cleanup${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let swarm: Swarm;
  let engine: Engine;
  let cleanup: CleanupHandlers;

  const call = <N extends keyof CleanupHandlers['requests']>(name: N, args: unknown): ReturnType<CleanupHandlers['requests'][N]> =>
    (cleanup.requests[name] as (a: unknown) => ReturnType<CleanupHandlers['requests'][N]>)(cleanupRequests[name].args.parse(args));

  /** The engine itself, as the test's own witness (not Berth's client). */
  const direct = () => new Docker({ socketPath: new URL(swarm.manager.socket).pathname });
  /** The engine's own list of its build cache records. */
  const records = async (): Promise<CacheRecord[]> => ((await direct().df()) as { BuildCache?: CacheRecord[] | null }).BuildCache ?? [];
  const build = (tag: string) => buildKitBuild(direct(), tag, `FROM ${TEST_IMAGE}\nCOPY note /note\nRUN cat /note > /copy\n`, { note: randomUUID() });

  beforeAll(async () => {
    swarm = await startSwarm({ nodes: 1 });
    engine = new Engine({ resolveEndpoint: () => ({ url: swarm.manager.socket, source: 'test' }) });
    engine.start();
    await waitConnected(engine);
    cleanup = cleanupHandlers(engine, memoryPins());
  });

  afterAll(async () => {
    await engine?.stop();
    await swarm?.stop();
  });

  it('lists the records a BuildKit build made, ticked as builder prune would take them, and removes exactly the ticked ones', async () => {
    expect(await records()).toEqual([]);
    await build('berth-test/cache-one:latest');
    const made = await records();
    // The context, the COPY and the RUN at least; BuildKit decides the exact set.
    expect(made.length).toBeGreaterThanOrEqual(2);

    const preview = await call('cleanup.preview', {});
    const offered = preview.candidates.filter((c) => c.kind === 'buildCache');
    expect(offered.map((c) => c.id).sort()).toEqual(made.filter((r) => !r.InUse).map((r) => r.ID).sort());
    for (const record of made) {
      expect(offered.find((c) => c.id === record.ID)).toMatchObject({ ticked: !record.Shared, name: record.Description || expect.any(String), size: expect.any(Number) });
    }
    const ticked = offered.filter((c) => c.ticked);
    expect(ticked.length).toBeGreaterThan(0);

    // A build between the preview and the delete: its records are not the preview's.
    await build('berth-test/cache-two:latest');
    const later = (await records()).map((r) => r.ID).filter((id) => !made.some((r) => r.ID === id));
    expect(later.length).toBeGreaterThan(0);

    const result = await call('cleanup.delete', { previewId: preview.previewId, items: ticked.map(({ kind, id }) => ({ kind, id })), confirmed: { name: preview.previewId } });
    expect(result.skipped).toEqual([]);
    expect(result.removed.map((r) => r.id).sort()).toEqual(ticked.map((c) => c.id).sort());
    const left = (await records()).map((r) => r.ID).sort();
    expect(left).toEqual([...offered.filter((c) => !c.ticked).map((c) => c.id), ...later].sort());
  });
});

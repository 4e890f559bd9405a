/**
 * Cleanup against the real engine: the preview offers what Docker's prune
 * would take (ticked) and more (unticked), never a protected object; a
 * delete removes exactly the previewed items it names, skips what changed
 * since the preview and why, and touches nothing made after it; a renderer
 * cannot widen the set, replay a preview, or delete without its name.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanupCandidate, CleanupPreview } from '#shared/cleanup';
import { RemoteError } from '#shared/protocol';
import { cleanupHandlers, type CleanupHandlers } from '../../electron/engine/cleanup/handlers';
import { memoryPins } from '../../electron/engine/cleanup/pins';
import { Engine } from '../../electron/engine/engine';
import { endpointFromEnvironment } from '../../electron/engines/machine';
import { cleanupRequests } from '#shared/cleanup';
import { buildImage, danglingImage, sweepImages } from '../support/images';
import { createContainer, docker, sweep, TEST_IMAGE, TEST_LABEL_ARG, uniqueName, waitConnected } from './helpers';

/** The docker CLI with the legacy builder, which leaves an untagged image per step: the parents a prune must take along. */
const legacyBuilder = async (...args: string[]): Promise<string> =>
  (await promisify(execFile)('docker', args, { env: { ...process.env, DOCKER_BUILDKIT: '0' } })).stdout.trim();

/** An image's untagged parents, child first, as `docker history` names them (`<missing>` is a layer pulled, not an image). */
async function parentIds(id: string): Promise<string[]> {
  const ids = (await docker('history', '-q', '--no-trunc', id)).split('\n').filter((line) => line.startsWith('sha256:'));
  return ids.slice(1);
}

let engine: Engine;
let cleanup: CleanupHandlers;

function call<N extends keyof CleanupHandlers['requests']>(name: N, args: unknown): ReturnType<CleanupHandlers['requests'][N]> {
  // Parsed by the contract, as the dispatcher would.
  const handler = cleanup.requests[name] as (a: unknown) => ReturnType<CleanupHandlers['requests'][N]>;
  return handler(cleanupRequests[name].args.parse(args));
}

const anonymousName = () => randomBytes(32).toString('hex');

async function exists(kind: 'container' | 'image' | 'volume' | 'network', id: string): Promise<boolean> {
  return docker(kind, 'inspect', id).then(
    () => true,
    () => false,
  );
}

async function removeMyImages(): Promise<void> {
  const ids = (await docker('images', '-q', '--no-trunc', '--filter', `label=${TEST_LABEL_ARG}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rmi', '-f', ...new Set(ids)).catch(() => undefined);
}

function pick(preview: CleanupPreview, ids: readonly string[]): CleanupCandidate[] {
  return preview.candidates.filter((c) => ids.includes(c.id));
}

beforeAll(async () => {
  await sweep();
  await removeMyImages();
  engine = new Engine({ resolveEndpoint: endpointFromEnvironment });
  engine.start();
  await waitConnected(engine);
  cleanup = cleanupHandlers(engine, memoryPins());
});

afterAll(async () => {
  await engine?.stop();
  await sweep();
  await removeMyImages();
  await sweepImages();
});

describe('cleanup', () => {
  it('previews, then removes exactly the previewed items: not what appeared or changed since', async () => {
    const stopped = await createContainer(uniqueName('stopped'));
    const restarted = await createContainer(uniqueName('restarted'));
    const ranMeanwhile = await createContainer(uniqueName('ran'), [], ['true']);
    const shielded = await createContainer(uniqueName('shielded'), ['--label', 'berth.protect=true']);
    const dangling = await danglingImage();
    const anonymous = anonymousName();
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, anonymous);
    const replaced = anonymousName();
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, replaced);
    const written = anonymousName();
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, written);
    const named = uniqueName('named');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, named);
    const pinned = anonymousName();
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, pinned);
    const network = await docker('network', 'create', '--label', TEST_LABEL_ARG, uniqueName('net'));
    await call('cleanup.protect', { kind: 'volume', id: pinned, protect: true });

    const preview = await call('cleanup.preview', {});
    const mine = [stopped, restarted, ranMeanwhile, dangling, anonymous, replaced, written, network];
    const offered = pick(preview, mine);
    expect(offered.map((c) => c.id).sort()).toEqual([...mine].sort());
    // Ticked where Docker's own prune would take it: stopped containers, dangling images, anonymous volumes, unused networks.
    expect(offered.every((c) => c.ticked)).toBe(true);
    expect(offered.find((c) => c.id === dangling)).toMatchObject({ kind: 'image', size: expect.any(Number), created: expect.any(Number) });
    expect(offered.find((c) => c.id === stopped)).toMatchObject({ kind: 'container', name: expect.stringContaining('berth-test-stopped') });
    // Named volumes only when widened; protected objects never, but listed as protected with why.
    expect(pick(preview, [named, shielded, pinned])).toEqual([]);
    expect(preview.protected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'container', id: shielded, by: 'label' }),
        expect.objectContaining({ kind: 'volume', id: pinned, by: 'pin' }),
      ]),
    );

    // Between the preview and the click: a new dangling image and a new stopped container appear,
    // a previewed container is started, a previewed volume is replaced by another of its name.
    const newImage = await danglingImage();
    const newContainer = await createContainer(uniqueName('new'));
    await docker('start', restarted);
    // Runs and stops again: stopped as it was, but what it did since was in no preview.
    await docker('start', '--attach', ranMeanwhile);
    // Written to by a container that is gone again by the click: unused, but not as the preview saw it.
    await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${written}:/v`, TEST_IMAGE, 'sh', '-c', 'echo data > /v/file');
    await docker('volume', 'rm', replaced);
    // A volume's creation time has a resolution of one second: the new one must not share its old one's.
    const oldCreated = await docker('volume', 'inspect', '--format', '{{.CreatedAt}}', anonymous);
    for (;;) {
      await docker('volume', 'create', '--label', TEST_LABEL_ARG, replaced);
      if ((await docker('volume', 'inspect', '--format', '{{.CreatedAt}}', replaced)) !== oldCreated) break;
      await docker('volume', 'rm', replaced);
    }

    const result = await call('cleanup.delete', {
      previewId: preview.previewId,
      items: offered.map(({ kind, id }) => ({ kind, id })),
      confirmed: { name: preview.previewId },
    });
    // The skipped ones first: a failure shows each one's reason.
    expect(result.skipped.map(({ id, reason }) => ({ id, reason })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: restarted, reason: 'it is running now' },
        { id: ranMeanwhile, reason: 'it ran since the preview' },
        { id: written, reason: 'a container used it since the preview: it may hold data the preview did not see' },
        { id: replaced, reason: 'it is another volume of the same name, made since the preview' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(result.removed.map((r) => r.id).sort()).toEqual([stopped, dangling, anonymous, network].sort());
    expect(await exists('container', stopped)).toBe(false);
    expect(await exists('image', dangling)).toBe(false);
    expect(await exists('volume', anonymous)).toBe(false);
    expect(await exists('network', network)).toBe(false);
    // What appeared or changed since the preview is all still there.
    expect(await exists('image', newImage)).toBe(true);
    expect(await exists('container', newContainer)).toBe(true);
    expect(await exists('container', restarted)).toBe(true);
    expect(await exists('container', ranMeanwhile)).toBe(true);
    expect(await exists('volume', written)).toBe(true);
    expect(await exists('volume', replaced)).toBe(true);
    expect(await exists('container', shielded)).toBe(true);
    expect(await exists('volume', pinned)).toBe(true);
    expect(await exists('volume', named)).toBe(true);
  });

  it('offers named volumes unticked when widened, and unused tagged images unticked', async () => {
    const named = uniqueName('named');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, named);
    const image = await danglingImage();
    // Not a tempTag: the sweep would take it by tag; removeMyImages takes this one by its label.
    const tag = `berth-test-cleanup/img-${randomBytes(4).toString('hex')}:1`;
    await docker('tag', image, tag);
    const preview = await call('cleanup.preview', { namedVolumes: true });
    expect(preview.namedVolumes).toBe(true);
    expect(pick(preview, [named])).toEqual([expect.objectContaining({ kind: 'volume', ticked: false, reason: expect.stringContaining('named') })]);
    expect(pick(preview, [image])).toEqual([expect.objectContaining({ kind: 'image', name: tag, ticked: false })]);
    // Tagged since the preview: skipped, both the image and its tag stay.
    await docker('tag', image, `${tag}-more`);
    const result = await call('cleanup.delete', {
      previewId: preview.previewId,
      items: [{ kind: 'image', id: image }, { kind: 'volume', id: named }],
      confirmed: { name: preview.previewId },
    });
    expect(result.removed).toEqual([expect.objectContaining({ kind: 'volume', id: named })]);
    expect(result.skipped).toEqual([expect.objectContaining({ id: image, reason: 'its tags changed since the preview' })]);
    expect(await exists('image', tag)).toBe(true);
    await docker('rmi', tag, `${tag}-more`);
  });

  it('takes a dangling build’s untagged parent layers with it, as docker image prune does, and names them; a layer the new build shares stays', async () => {
    const tag = `berth-cleanup-layers/${uniqueName('build')}:1`;
    const shared = `RUN echo shared-${randomBytes(4).toString('hex')} > /shared`;
    const old = await buildImage([shared, 'RUN echo one > /step', 'RUN echo old > /last'], {}, tag, legacyBuilder);
    // Built again with its second step changed: the old image is dangling; the first step's layer is shared, the later ones are the old image's alone.
    const fresh = await buildImage([shared, 'RUN echo two > /step', 'RUN echo new > /last'], {}, tag, legacyBuilder);
    // Child first: the last RUN's image, the second's, the first's (the image itself is the build's LABEL step).
    const [oldLast, oldStep, sharedStep] = await parentIds(old);
    expect(sharedStep).toBe((await parentIds(fresh))[2]);

    const preview = await call('cleanup.preview', { scope: 'danglingImages' });
    const [candidate] = pick(preview, [old]);
    expect(candidate?.reason).toMatch(/with 2 untagged parent layers from its build/);
    // The hidden layers are no candidates of their own.
    expect(pick(preview, [oldLast!, oldStep!, sharedStep!])).toEqual([]);
    const result = await call('cleanup.delete', { previewId: preview.previewId, items: [{ kind: 'image', id: old }], confirmed: { name: preview.previewId } });
    expect(result.removed.map((r) => r.id)).toEqual([old]);
    expect(await exists('image', old)).toBe(false);
    expect(await exists('image', oldLast!)).toBe(false);
    expect(await exists('image', oldStep!)).toBe(false);
    // What the new build stands on is left whole.
    expect(await exists('image', sharedStep!)).toBe(true);
    expect(await docker('run', '--rm', tag, 'cat', '/shared', '/step', '/last')).toMatch(/two\nnew$/);
  });

  it('refuses, deleting nothing, an item the preview did not offer, a used-up preview, and a wrong confirmation', async () => {
    const previewed = await createContainer(uniqueName('previewed'));
    const preview = await call('cleanup.preview', {});
    const later = await createContainer(uniqueName('later'));
    const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as RemoteError);

    const wrongName = await refusal(
      call('cleanup.delete', { previewId: preview.previewId, items: [{ kind: 'container', id: previewed }], confirmed: { name: 'something else' } }),
    );
    expect(wrongName).toMatchObject({ code: 'unconfirmed' });

    const widened = await refusal(
      call('cleanup.delete', {
        previewId: preview.previewId,
        items: [{ kind: 'container', id: previewed }, { kind: 'container', id: later }],
        confirmed: { name: preview.previewId },
      }),
    );
    expect(widened).toMatchObject({ code: 'bad-request', message: expect.stringContaining('not among the items the preview offered') });
    expect(await exists('container', previewed)).toBe(true);
    expect(await exists('container', later)).toBe(true);

    const replayed = await refusal(
      call('cleanup.delete', { previewId: preview.previewId, items: [{ kind: 'container', id: previewed }], confirmed: { name: preview.previewId } }),
    );
    expect(replayed).toMatchObject({ code: 'conflict', message: expect.stringContaining('used up') });
    expect(await exists('container', previewed)).toBe(true);
  });
});

/**
 * What makes an image big, against images built here whose layers are
 * known: a 5 MiB file added in one layer and deleted in the next, a file
 * changed in a later layer, a largest file; the figures checked exactly.
 * Then two images that share their first layers, compared.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { buildImage, sweepImages } from '../support/images';
import { callHandler, docker, waitConnected } from './helpers';

const BIG = 5 << 20;
const LARGEST = 7 << 20;
const files = {
  big: randomBytes(BIG),
  small: randomBytes(100),
  large: randomBytes(300),
  largest: randomBytes(LARGEST),
  other: randomBytes(1000),
  // The same size as `large`, other bytes: changed all the same.
  changed: randomBytes(300),
};
const SHARED_STEPS = ['COPY big /data/big', 'RUN rm /data/big', 'COPY small /data/conf', 'COPY large /data/conf'];

let berth: EngineService;
let layered: string;
let sibling: string;

beforeAll(async () => {
  berth = createEngineService();
  await waitConnected(berth.engine);
  layered = await buildImage([...SHARED_STEPS, 'COPY largest /data/largest', 'ENV MARK=1'], files);
  sibling = await buildImage([...SHARED_STEPS, 'COPY other /data/other', 'COPY changed /data/conf'], files);
});

afterAll(async () => {
  await berth?.stop();
  await sweepImages();
});

describe('image.analyse', () => {
  it('says per layer what it adds, changes and removes, and wastes what dive says', async () => {
    const analysis = await callHandler(berth.service, 'image.analyse', { id: layered });
    expect(analysis.id).toBe(layered);
    const [base, add, rm, conf, overwrite, largest] = analysis.layers;
    expect(analysis.layers).toHaveLength(6);
    expect(add).toMatchObject({ size: BIG, added: { count: 1, bytes: BIG }, files: [{ path: 'data/big', change: 'added', size: BIG }] });
    expect(add!.createdBy).toContain('COPY');
    expect(rm).toMatchObject({ size: 0, removed: { count: 1, bytes: BIG }, files: [{ path: 'data/big', change: 'removed', size: BIG }] });
    expect(rm!.createdBy).toContain('rm /data/big');
    expect(conf).toMatchObject({ added: { count: 1, bytes: 100 } });
    expect(overwrite).toMatchObject({ changed: { count: 1, bytes: 300 }, added: { count: 0, bytes: 0 }, files: [{ path: 'data/conf', change: 'changed', size: 300 }] });
    expect(largest).toMatchObject({ added: { count: 1, bytes: LARGEST } });
    // The 5 MiB added then deleted, and both versions of the changed file.
    expect(analysis.wastedBytes).toBe(BIG + 100 + 300);
    expect(analysis.wasted.map((w) => [w.path, w.bytes])).toEqual([['data/big', BIG], ['data/conf', 400]]);
    expect(analysis.largest[0]).toEqual({ path: 'data/largest', size: LARGEST, layer: 5 });
    const baseSize = base!.size;
    expect(analysis.size).toBe(baseSize + BIG + 100 + 300 + LARGEST);
    expect(analysis.userSize).toBe(BIG + 100 + 300 + LARGEST);
    expect(analysis.efficiency).toBeCloseTo((baseSize + 0 + 100 + LARGEST) / (baseSize + BIG + 100 + 300 + LARGEST), 12);
    expect(analysis.wastedUserPercent).toBeCloseTo((BIG + 400) / (BIG + 400 + LARGEST), 12);
    // The digests are the engine's own diff ids.
    const diffIds = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', layered)) as string[];
    expect(analysis.layers.map((l) => l.digest)).toEqual(diffIds);
    expect(analysis.archiveBytes).toBeGreaterThan(BIG + LARGEST);
  });

  it('answers a second time from its cache, by image id', async () => {
    const first = await callHandler(berth.service, 'image.analyse', { id: layered });
    const again = await callHandler(berth.service, 'image.analyse', { id: layered.slice(7, 19) });
    expect(again).toBe(first);
  });

  it('says which image it could not find', async () => {
    await expect(callHandler(berth.service, 'image.analyse', { id: 'berth-images-test/nothing:here' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('image.compare', () => {
  it('shares the common layers and lists the files added, removed and changed, and the size delta', async () => {
    const comparison = await callHandler(berth.service, 'image.compare', { base: layered, other: sibling });
    const layers = (id: string) => docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', id).then((out) => JSON.parse(out) as string[]);
    const [a, b] = await Promise.all([layers(layered), layers(sibling)]);
    expect(comparison.sharedLayers).toEqual(a.slice(0, 5));
    expect(comparison.sharedLayers).toEqual(b.slice(0, 5));
    expect(comparison.baseOnlyLayers).toEqual(a.slice(5));
    expect(comparison.otherOnlyLayers).toEqual(b.slice(5));
    expect(comparison.files.added).toEqual({ count: 1, bytes: 1000 });
    expect(comparison.files.removed).toEqual({ count: 1, bytes: LARGEST });
    expect(comparison.files.changed).toEqual({ count: 1, bytes: 300 });
    expect(comparison.files.list.map((f) => [f.change, f.path, f.before, f.after])).toEqual([
      ['removed', 'data/largest', LARGEST, null],
      ['added', 'data/other', null, 1000],
      ['changed', 'data/conf', 300, 300],
    ]);
    const size = (id: string) => docker('image', 'inspect', '--format', '{{.Size}}', id).then(Number);
    expect(comparison.sizeDelta).toBe((await size(sibling)) - (await size(layered)));
  });
});

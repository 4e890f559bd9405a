/**
 * Pulling for a run, against a real registry (Debian's docker-registry on a
 * loopback port, as in image-pull.test.ts): run.create pulls a missing
 * image through a pull job (which the Activity list shows), and a recreate
 * with "pull first" moves a container to the image its tag now names.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { startLocalRegistry, type LocalRegistry } from '../support/registry';
import type { RequestArgs, RequestResult } from '#shared/contract';
import { emptyRunSpec } from '#shared/run';
import { IDLE, TEST_IMAGE, TEST_LABEL, TEST_RUN, callHandler, createContainer, docker, sweep, uniqueName, waitConnected } from './helpers';

let registry: LocalRegistry | undefined;
let berth: EngineService;
let reference: string;
const newerImages: string[] = [];

const call = <N extends 'run.create' | 'run.recreate'>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

const imageId = (ref: string): Promise<string> => docker('image', 'inspect', '--format', '{{.Id}}', ref);

beforeAll(async () => {
  await sweep();
  registry = await startLocalRegistry('run-pull');
  reference = registry.reference;
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  // The tag, the digests the pulls left, and the committed "newer" image: all this file's own.
  const repository = reference.replace(/:1$/, '');
  const digests = (await docker('images', '--digests', '--format', '{{.Repository}}@{{.Digest}}', repository)).split('\n').filter((r) => r.includes('@sha256:'));
  await docker('rmi', reference, ...digests, ...newerImages).catch(() => undefined);
  registry?.stop();
});

it('pulls a missing image before running it', async () => {
  const spec = { ...emptyRunSpec(reference), name: uniqueName('pulled'), command: [...IDLE], labels: { [TEST_LABEL]: TEST_RUN } };
  const { id } = await call('run.create', { spec });
  expect(await docker('inspect', '--format', '{{.State.Running}} {{.Config.Image}}', id)).toBe(`true ${reference}`);
  // The pull was a job like any other: the Activity list shows it, done.
  const jobs = berth.jobs.manager.list().filter((job) => job.kind === 'pull' && job.target === reference);
  expect(jobs.map((job) => job.state)).toEqual(['done']);
});

it('fails a run whose image has no such tag, with the registry\'s reason, and creates nothing', async () => {
  const spec = { ...emptyRunSpec(reference.replace(/:1$/, ':no-such-tag')), name: uniqueName('missing'), command: [...IDLE], labels: { [TEST_LABEL]: TEST_RUN } };
  await expect(call('run.create', { spec })).rejects.toThrow(/Could not pull .*no such tag or digest/);
  expect(await docker('ps', '-aq', '--filter', `name=${spec.name}`)).toBe('');
});

it('recreates with "pull first" onto the image the tag names now', async () => {
  // A newer image behind the same tag.
  const builder = await createContainer(uniqueName('builder'));
  const newer = await docker('commit', '--change', 'LABEL berth.version=2', builder, reference);
  newerImages.push(newer);
  await docker('push', reference);
  const oldImage = await imageId(TEST_IMAGE);
  await docker('tag', TEST_IMAGE, reference); // locally, the tag is back on the old image
  const name = uniqueName('update');
  const spec = { ...emptyRunSpec(reference), name, command: [...IDLE], labels: { [TEST_LABEL]: TEST_RUN } };
  const { id: oldId } = await call('run.create', { spec, pull: 'never' });
  expect(await docker('inspect', '--format', '{{.Image}}', oldId)).toBe(oldImage);

  const { id } = await call('run.recreate', { id: oldId, spec, pull: true });
  expect(await docker('inspect', '--format', '{{.Image}} {{.Name}} {{.State.Running}}', id)).toBe(`${newer} /${name} true`);
});

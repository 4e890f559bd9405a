/**
 * Build jobs FROM the busybox test image: a context made in main from a
 * folder (its .dockerignore honoured), a multi-stage Dockerfile built to a
 * target with build args, failures that name their step and show its
 * output and leave no tag, and a build cancelled in the middle of a step.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { BuildSpec } from '#shared/jobs';
import { watchJob } from '../support/jobs';
import { TEST_IMAGE, TEST_LABEL, TEST_RUN, callHandler, docker, sweep, tempTag, waitConnected } from './helpers';

let berth: EngineService;
const folders: string[] = [];

/** A context folder holding `files` (path → content). */
function context(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-build-'));
  folders.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const tag = (): string => tempTag('build');

async function build(spec: BuildSpec) {
  const { id } = await callHandler(berth.service, 'jobs.build', { labels: { [TEST_LABEL]: TEST_RUN }, ...spec });
  return watchJob(berth.service, id);
}

const tagged = (ref: string): Promise<boolean> => docker('image', 'inspect', ref).then(
  () => true,
  () => false,
);

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

it('builds a multi-stage Dockerfile to its target stage, with build args, and streams the log', async () => {
  const ref = tag();
  const dir = context({
    'docker/Build.Dockerfile': [
      `FROM ${TEST_IMAGE} AS base`,
      'ARG GREETING=none',
      'COPY hello.txt /hello.txt',
      'RUN echo "$GREETING" > /greeting',
      'FROM base AS final',
      'RUN echo final > /stage',
      '',
    ].join('\n'),
    'hello.txt': 'from the context\n',
  });
  const watched = await build({ context: dir, dockerfile: 'docker/Build.Dockerfile', tags: [ref], target: 'base', buildArgs: { GREETING: 'hello' } });
  const job = await watched.ended();
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  expect(job.imageId).toMatch(/^sha256:/);
  expect(await docker('image', 'inspect', '--format', '{{.Id}}', ref)).toBe(job.imageId);
  expect(job.log.join('\n')).toMatch(/Step 1\/\d+ : FROM/);
  // The target stopped before the final stage's step.
  expect(job.log.join('\n')).not.toMatch(/echo final/);
  expect(await docker('run', '--rm', '--label', `${TEST_LABEL}=${TEST_RUN}`, ref, 'sh', '-c', 'cat /greeting /hello.txt; test -e /stage && echo has-stage || true')).toBe('hello\nfrom the context');
  expect(await docker('image', 'inspect', '--format', `{{index .Config.Labels "${TEST_LABEL}"}}`, ref)).toBe(TEST_RUN);
});

it('leaves out what .dockerignore excludes: the build cannot find it, says at which step, and leaves no tag', async () => {
  const ref = tag();
  const dir = context({
    Dockerfile: [`FROM ${TEST_IMAGE}`, 'COPY kept.txt /kept.txt', 'COPY secret.txt /secret.txt', ''].join('\n'),
    '.dockerignore': '# not for the image\nsecret.txt\n',
    'kept.txt': 'kept\n',
    'secret.txt': 'do not send\n',
  });
  const job = await (await build({ context: dir, tags: [ref] })).ended();
  expect(job.state).toBe('failed');
  expect(job.error).toMatch(/^Step 3\/\d+ failed: COPY secret\.txt \/secret\.txt\n.*(not found|excluded).*secret\.txt/);
  expect(await tagged(ref)).toBe(false);
});

it('names the RUN step that failed, with its output, and leaves no tag', async () => {
  const ref = tag();
  const dir = context({ Dockerfile: [`FROM ${TEST_IMAGE}`, 'RUN echo one', 'RUN echo boom-output && exit 3', 'RUN echo never', ''].join('\n') });
  const job = await (await build({ context: dir, tags: [ref] })).ended();
  expect(job.state).toBe('failed');
  expect(job.error).toMatch(/^Step 3\/\d+ failed: RUN echo boom-output && exit 3\n/);
  expect(job.error).toMatch(/returned a non-zero code: 3/);
  expect(job.error).toMatch(/Its output:\n(?:.*\n)*boom-output/);
  expect(job.log.join('\n')).not.toMatch(/echo never/);
  expect(await tagged(ref)).toBe(false);
});

it('cancels a build in the middle of a step and leaves no tag', async () => {
  const ref = tag();
  const dir = context({ Dockerfile: [`FROM ${TEST_IMAGE}`, 'RUN echo started-step && sleep 120', ''].join('\n') });
  const watched = await build({ context: dir, tags: [ref], noCache: true });
  await watched.until((job) => job.log.includes('started-step'), 'the step to start');
  await callHandler(berth.service, 'jobs.cancel', { id: watched.seen[0]!.id });
  const job = await watched.ended(30_000);
  watched.close();
  expect(job.state).toBe('cancelled');
  expect(await tagged(ref)).toBe(false);
});

it('says when the Dockerfile is not in the context, and refuses one outside it', async () => {
  const dir = context({ 'README.md': 'no Dockerfile here\n' });
  const job = await (await build({ context: dir, tags: [tag()] })).ended();
  expect(job.error).toBe(`There is no Dockerfile in ${dir}`);
  await expect(callHandler(berth.service, 'jobs.build', { context: dir, dockerfile: '../etc/passwd' })).rejects.toThrow(/inside the context/);
  await expect(callHandler(berth.service, 'jobs.build', { context: 'relative/path' })).rejects.toThrow(/absolute/);
});

/**
 * Images the images tests build from the busybox test image, with files they
 * choose, labelled with the run so that only this run's are swept (by
 * label, with what uses them: not by the shared sweep's tags).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, TEST_LABEL_ARG, createContainer, docker, uniqueName } from './docker';

export const IMAGE_REPO = 'berth-images-test';

/** What runs the docker CLI against one engine: `docker` (the main engine) or an engineCli (support/engines.ts). */
type Cli = (...args: string[]) => Promise<string>;

/** Builds `steps` (Dockerfile lines after FROM the test image) with `files` in the context, on `cli`'s engine; returns the image id. */
export async function buildImage(steps: string[], files: Record<string, Buffer | string> = {}, tag?: string, cli: Cli = docker): Promise<string> {
  const context = mkdtempSync(join(tmpdir(), 'berth-images-'));
  try {
    writeFileSync(join(context, 'Dockerfile'), [`FROM ${TEST_IMAGE}`, ...steps, ''].join('\n'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(context, name), content);
    const tagArgs = tag === undefined ? [] : ['-t', tag];
    return await cli('build', '-q', '--label', TEST_LABEL_ARG, ...tagArgs, context);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/**
 * An image without a tag (dangling), labelled for the sweep: a commit of a
 * throwaway container holding 64 KB of its own, so it is bigger than the test
 * image (another run's volume browser borrows the engine's smallest image for
 * its helper container, which would hold ours in use). Returns its id.
 */
export async function danglingImage(): Promise<string> {
  const from = await createContainer(uniqueName('commit'));
  const dir = mkdtempSync(join(tmpdir(), 'berth-padding-'));
  try {
    writeFileSync(join(dir, 'padding'), randomBytes(64 * 1024));
    await docker('cp', join(dir, 'padding'), `${from}:/padding`);
    return await docker('commit', '--change', `LABEL ${TEST_LABEL_ARG}`, from);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await docker('rm', from);
  }
}

/** A tag in the images tests' repository, unique to this call. */
export function imageTag(what: string): string {
  return `${IMAGE_REPO}/${uniqueName(what)}:v1`;
}

/** Removes every image this run built on `cli`'s engine (and the containers using them), by label. */
export async function sweepImages(cli: Cli = docker): Promise<void> {
  const filter = `label=${TEST_LABEL_ARG}`;
  const containers = (await cli('ps', '-aq', '--filter', filter)).split('\n').filter(Boolean);
  if (containers.length) await cli('rm', '-f', ...containers);
  // Newest first, so a child goes before the image it was built on.
  const images = [...new Set((await cli('images', '-aq', '--no-trunc', '--filter', filter)).split('\n').filter(Boolean))];
  for (const id of images) await cli('rmi', '-f', id).catch(() => undefined);
}

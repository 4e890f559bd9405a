/**
 * "All engines" in Chromium against two real engines: the main one and
 * engine B (a second dockerd, found through its docker context). A
 * container made on each shows in one table with its engine named; the
 * Engine filter narrows to one engine; a row's link opens the container's
 * page on its own engine. Rows ticked on both engines take one bulk action,
 * each through its own engine, and running rows show CPU and memory from
 * their own engine's stats. Images list a row per tag, as on an engine's
 * own page, and a tag removed from its row goes on its row's engine only.
 * Activity lists every engine's jobs, each naming its engine, and a job's
 * Cancel stops it on the engine it runs on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, docker, IDLE, sweep, tempTag, TEST_IMAGE, TEST_LABEL_ARG, uniqueName } from '../support/docker';
import { ENGINE_B_CONTEXT, engineCli, engineMissing, sweepEngine } from '../support/engines';
import { buildImage, imageTag, sweepImages } from '../support/images';
import { expect, test } from './fixtures';

const missing = engineMissing('b');
test.skip(missing !== undefined, missing);

const onB = engineCli('docker', ['--context', ENGINE_B_CONTEXT]);

test.beforeAll(async () => {
  await sweep();
  await sweepEngine(onB);
});
test.afterAll(async () => {
  await sweep();
  await sweepEngine(onB);
  await sweepImages();
  await sweepImages(onB);
});

test('lists both engines\' containers, filters by engine, and links each row to its own engine', async ({ page, berth }) => {
  // One word in both names: the filter box keeps just these two rows on screen, whatever else the engines hold.
  const word = uniqueName('all');
  const nameA = `${word}-main`;
  const nameB = `${word}-b`;
  await createContainer(nameA);
  const idB = await onB('create', '--label', TEST_LABEL_ARG, '--name', nameB, TEST_IMAGE, ...IDLE);

  await page.goto(`${berth.url}#/all/containers`);
  await expect(page.getByRole('heading', { name: 'Containers on all engines' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(word);
  const table = page.getByRole('table', { name: 'Containers' });
  const rowA = table.getByRole('row').filter({ hasText: nameA });
  const rowB = table.getByRole('row').filter({ hasText: nameB });
  await expect(table.getByRole('columnheader', { name: 'Engine' })).toBeVisible();
  await expect(rowA).toBeVisible();
  await expect(rowB).toBeVisible();
  await expect(rowB.getByRole('cell').nth(2)).toHaveText(/berth-test-b/);

  await page.getByLabel('Show engine').selectOption(ENGINE_B_CONTEXT);
  await expect(rowA).toHaveCount(0);
  await expect(rowB).toBeVisible();
  await expect(page.getByText(/^1 (container|of \d+ containers)$/)).toBeVisible();

  await rowB.getByRole('link', { name: nameB }).click();
  await expect(page).toHaveURL(new RegExp(`#/engines/${ENGINE_B_CONTEXT}/containers/${idB}$`));
  await expect(page.getByRole('heading', { name: nameB })).toBeVisible();
});

test('rows ticked on both engines stop together, each on its own engine, and running rows show their CPU and memory', async ({ page, berth }) => {
  const word = uniqueName('bulk');
  const nameA = `${word}-main`;
  const nameB = `${word}-b`;
  await docker('run', '-d', '--label', TEST_LABEL_ARG, '--name', nameA, TEST_IMAGE, ...IDLE);
  await onB('run', '-d', '--network', 'none', '--label', TEST_LABEL_ARG, '--name', nameB, TEST_IMAGE, ...IDLE);

  await page.goto(`${berth.url}#/all/containers`);
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(word);
  const table = page.getByRole('table', { name: 'Containers' });
  const rowA = table.getByRole('row').filter({ hasText: nameA });
  const rowB = table.getByRole('row').filter({ hasText: nameB });
  // Figures, not the "…" placeholder: each engine's stats stream answered for its own row.
  for (const row of [rowA, rowB]) {
    await expect(row.getByRole('cell').nth(7)).toHaveText(/^\d+(\.\d+)?\s?%$/);
    await expect(row.getByRole('cell').nth(8)).toHaveText(/\d/);
  }

  await page.getByRole('checkbox', { name: 'Select all shown' }).check();
  const bar = page.getByRole('toolbar', { name: 'Selected containers' });
  await expect(bar).toContainText('2 containers selected');
  await bar.getByRole('button', { name: 'Stop selected' }).click();
  await expect(rowA.getByRole('cell').nth(4)).toHaveText('exited', { timeout: 30_000 });
  await expect(rowB.getByRole('cell').nth(4)).toHaveText('exited', { timeout: 30_000 });
  expect(await docker('inspect', '--format', '{{.State.Running}}', nameA)).toBe('false');
  expect(await onB('inspect', '--format', '{{.State.Running}}', nameB)).toBe('false');

  // Removing names both, with the engine each is on.
  await bar.getByRole('button', { name: 'Remove selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 2 containers?' });
  await expect(dialog.getByRole('list', { name: 'Containers to remove' })).toContainText(`${nameB} (on ${ENGINE_B_CONTEXT},`);
  await dialog.getByRole('button', { name: 'Remove 2 containers' }).click();
  await expect(rowA).toHaveCount(0);
  await expect(rowB).toHaveCount(0);
});

test('lists images a row per tag on each engine, and a tag removed from its row goes on that row\'s engine', async ({ page, berth }) => {
  // An image of this test's own on each engine (used by no container): tags 1 and 2 on the main engine, tag 1 on B.
  const first = imageTag('pertag');
  const repository = first.slice(0, first.lastIndexOf(':'));
  const [tag1, tag2] = [`${repository}:1`, `${repository}:2`];
  const word = `LABEL berth.pertag=${repository}`;
  await buildImage([word], {}, tag1);
  await docker('tag', tag1, tag2);
  await buildImage([word], {}, tag1, onB);

  await page.goto(`${berth.url}#/all/images`);
  await expect(page.getByRole('heading', { name: 'Images on all engines' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter images' }).fill(repository);
  const table = page.getByRole('table', { name: 'Images' });
  const rows = table.getByRole('row').filter({ hasText: repository });
  const onEngineB = (tag: string) => rows.filter({ hasText: tag }).filter({ has: page.getByRole('cell', { name: ENGINE_B_CONTEXT }) });
  const onMain = (tag: string) => rows.filter({ hasText: tag }).filter({ hasNot: page.getByRole('cell', { name: ENGINE_B_CONTEXT }) });
  await expect(table.getByRole('columnheader').nth(2)).toHaveText('Engine');
  await expect(rows).toHaveCount(3);
  await expect(onMain(tag1)).toHaveCount(1);
  await expect(onMain(tag2)).toHaveCount(1);
  await expect(onEngineB(tag1)).toHaveCount(1);
  await expect(onEngineB(tag1).getByRole('cell').nth(2)).toHaveText(ENGINE_B_CONTEXT);

  // Tag 1 removed from B's row: untagged on B (its last tag: the image goes), the main engine's tag 1 kept.
  await onEngineB(tag1).getByRole('button', { name: `Remove ${tag1}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${tag1}?` });
  await expect(dialog).toContainText('deletes the image with its last tag');
  await dialog.getByRole('button', { name: `Remove ${tag1}` }).click();
  await expect(onEngineB(tag1)).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  expect(await onB('images', '-q', tag1)).toBe('');
  expect(await docker('images', '-q', tag1)).not.toBe('');

  // Tag 2 removed from the main engine's row: only that tag goes, the image keeps tag 1.
  await onMain(tag2).getByRole('button', { name: `Remove ${tag2}` }).click();
  const untag = page.getByRole('dialog', { name: `Remove ${tag2}?` });
  await expect(untag).toContainText(`removes this tag; the image keeps ${tag1}`);
  await untag.getByRole('button', { name: `Remove ${tag2}` }).click();
  await expect(onMain(tag2)).toHaveCount(0);
  await expect(onMain(tag1)).toHaveCount(1);
  expect(await docker('images', '-q', tag2)).toBe('');
  expect(await docker('images', '-q', tag1)).not.toBe('');
});

test('image rows ticked on both engines are removed together, each on its own engine', async ({ page, berth }) => {
  const tag = imageTag('pertag-bulk');
  const step = `LABEL berth.pertag=${tag}`;
  await buildImage([step], {}, tag);
  await buildImage([step], {}, tag, onB);

  await page.goto(`${berth.url}#/all/images`);
  await page.getByRole('searchbox', { name: 'Filter images' }).fill(tag);
  const rows = page.getByRole('table', { name: 'Images' }).getByRole('row').filter({ hasText: tag });
  await expect(rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select all shown' }).check();
  const bar = page.getByRole('toolbar', { name: 'Selected images' });
  await expect(bar).toContainText('2 images selected');
  await bar.getByRole('button', { name: 'Remove selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 2 images?' });
  await expect(dialog.getByRole('list', { name: 'Images to remove' })).toContainText(tag);
  await expect(dialog.getByRole('list', { name: 'Images to remove' })).toContainText(`on ${ENGINE_B_CONTEXT}`);
  await dialog.getByRole('button', { name: 'Remove 2 images' }).click();
  await expect(rows).toHaveCount(0);
  await expect(bar).toHaveCount(0);
  expect(await docker('images', '-q', tag)).toBe('');
  expect(await onB('images', '-q', tag)).toBe('');
});

test('Activity on all engines lists each engine\'s jobs with its engine named, filters by engine, and Cancel stops a build on its own engine', async ({ page, berth }) => {
  const folder = (dockerfile: string[]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-all-jobs-'));
    writeFileSync(join(dir, 'Dockerfile'), [`FROM ${TEST_IMAGE}`, ...dockerfile, ''].join('\n'));
    return dir;
  };
  const quick = folder([`LABEL ${TEST_LABEL_ARG}`]);
  const slow = folder([`LABEL ${TEST_LABEL_ARG}`, 'RUN echo started-step && sleep 120']);
  const [tagA, tagB] = [tempTag('all-jobs-a'), tempTag('all-jobs-b')];
  /** Builds on the engine whose Activity page `at` opens. */
  const build = async (at: string, context: string, tag: string): Promise<void> => {
    await page.goto(`${berth.url}${at}`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('button', { name: 'Build an image…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Build an image' });
    await dialog.getByLabel('Context folder').fill(context);
    await dialog.getByLabel('Tags').fill(tag);
    await dialog.getByRole('button', { name: 'Build' }).click();
    await expect(dialog).toHaveCount(0);
  };
  try {
    // The address without an engine is the main engine's (the CLI's current one).
    await build('', quick, tagA);
    await expect(page.getByLabel(`State of Build ${tagA}`)).toHaveText('Done', { timeout: 30_000 });
    await build(`#/engines/${ENGINE_B_CONTEXT}/containers`, slow, tagB);
    // The running build's log is open: the step has started on B.
    await expect(page.getByLabel(`Log of Build ${tagB}`, { exact: true })).toContainText('started-step', { timeout: 30_000 });

    // From a merged list, the sidebar's Activity stays merged.
    await page.goto(`${berth.url}#/all/containers`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Activity' }).click();
    await expect(page).toHaveURL(/#\/all\/activity$/);
    await expect(page.getByRole('heading', { name: 'Activity on all engines' })).toBeVisible();
    const jobA = page.getByRole('listitem', { name: `Build ${tagA}` });
    const jobB = page.getByRole('listitem', { name: `Build ${tagB}` });
    await expect(jobB.getByLabel(`Engine of Build ${tagB}`)).toHaveText(`on ${ENGINE_B_CONTEXT}`);
    await expect(jobB.getByLabel(`State of Build ${tagB}`)).not.toHaveText(/Done|Failed|Cancelled/);
    await expect(jobA.getByLabel(`Engine of Build ${tagA}`)).toHaveText(/^on /);
    await expect(jobA.getByLabel(`Engine of Build ${tagA}`)).not.toHaveText(`on ${ENGINE_B_CONTEXT}`);
    await expect(jobA.getByLabel(`State of Build ${tagA}`)).toHaveText('Done');
    // One engine's, as the merged lists filter: B's job shows, the main engine's does not, and back.
    await page.getByLabel('Show engine').selectOption(ENGINE_B_CONTEXT);
    await expect(jobA).toHaveCount(0);
    await expect(jobB).toBeVisible();
    await page.getByLabel('Show engine').selectOption('');
    await expect(jobA).toBeVisible();

    await jobB.getByRole('button', { name: `Cancel Build ${tagB}` }).click();
    await expect(jobB.getByLabel(`State of Build ${tagB}`)).toHaveText('Cancelled', { timeout: 30_000 });
    await expect(jobA.getByLabel(`State of Build ${tagA}`)).toHaveText('Done');
    expect(await onB('images', '-q', tagB)).toBe('');
    expect(await docker('images', '-q', tagA)).not.toBe('');
  } finally {
    rmSync(quick, { recursive: true, force: true });
    rmSync(slow, { recursive: true, force: true });
    await onB('rmi', tagB).catch(() => undefined);
  }
});

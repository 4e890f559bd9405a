/**
 * "All engines" in Chromium against two real engines: the main one and
 * engine B (a second dockerd, found through its docker context). A
 * container made on each shows in one table with its engine named; the
 * Engine filter narrows to one engine; a row's link opens the container's
 * page on its own engine.
 */
import { createContainer, IDLE, sweep, TEST_IMAGE, TEST_LABEL_ARG, uniqueName } from '../support/docker';
import { ENGINE_B_CONTEXT, engineCli, engineMissing, sweepEngine } from '../support/engines';
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
  await expect(rowB.getByRole('cell').nth(1)).toHaveText(/berth-test-b/);

  await page.getByLabel('Show engine').selectOption(ENGINE_B_CONTEXT);
  await expect(rowA).toHaveCount(0);
  await expect(rowB).toBeVisible();
  await expect(page.getByText(/^1 (container|of \d+ containers)$/)).toBeVisible();

  await rowB.getByRole('link', { name: nameB }).click();
  await expect(page).toHaveURL(new RegExp(`#/engines/${ENGINE_B_CONTEXT}/containers/${idB}$`));
  await expect(page.getByRole('heading', { name: nameB })).toBeVisible();
});

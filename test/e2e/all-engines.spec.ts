/**
 * "All engines" in Chromium against two real engines: the main one and
 * engine B (a second dockerd, found through its docker context). A
 * container made on each shows in one table with its engine named; the
 * Engine filter narrows to one engine; a row's link opens the container's
 * page on its own engine. Rows ticked on both engines take one bulk action,
 * each through its own engine, and running rows show CPU and memory from
 * their own engine's stats.
 */
import { createContainer, docker, IDLE, sweep, TEST_IMAGE, TEST_LABEL_ARG, uniqueName } from '../support/docker';
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

/**
 * The Cleanup page in Chromium against the real engine: ticking a previewed
 * stopped container, dangling image and unused network, then making a new
 * dangling image and a new stopped container before confirming, removes the
 * three and neither new one; a labelled object is listed as protected, and
 * a pin keeps a container out across a reload until it is taken away.
 */
import type { Page } from '@playwright/test';
import { TEST_LABEL_ARG, createContainer, docker, sweep, uniqueName } from '../support/docker';
import { danglingImage } from '../support/images';
import { expect, test } from './fixtures';

/** The engine's disk usage takes seconds on an engine with a thousand containers, and more on a machine other runs load. */
const PREVIEW_MS = 90_000;

async function removeMyImages(): Promise<void> {
  const ids = (await docker('images', '-q', '--no-trunc', '--filter', `label=${TEST_LABEL_ARG}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rmi', '-f', ...new Set(ids)).catch(() => undefined);
}

async function exists(kind: string, id: string): Promise<boolean> {
  return docker(kind, 'inspect', id).then(
    () => true,
    () => false,
  );
}

test.beforeAll(async () => {
  await sweep();
  await removeMyImages();
});
test.afterAll(async () => {
  await sweep();
  await removeMyImages();
});

async function openCleanup(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('status').first()).toContainText('Connected');
  await page.getByRole('link', { name: 'Cleanup', exact: true }).click();
  await expect(page).toHaveURL(/#\/engines\/default\/cleanup$/);
  await expect(page.getByRole('table', { name: 'Cleanup candidates' })).toBeVisible({ timeout: PREVIEW_MS });
}

/** Shows only the rows matching `text`, with the table's own filter. */
async function filterTo(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Filter candidates' }).fill(text);
}

test('deletes exactly the ticked, previewed items: not a dangling image or stopped container made after the preview', async ({ page, berth }) => {
  test.slow();
  const stoppedName = uniqueName('cl-stopped');
  const stopped = await createContainer(stoppedName);
  const image = await danglingImage();
  const imageShort = image.replace(/^sha256:/, '').slice(0, 12);
  const networkName = uniqueName('cl-net');
  const network = await docker('network', 'create', '--label', TEST_LABEL_ARG, networkName);

  await openCleanup(page, berth.url);
  // Start from nothing ticked (the engine is shared), then tick ours.
  await page.getByRole('button', { name: 'Tick none' }).click();
  const table = page.getByRole('table', { name: 'Cleanup candidates' });
  await filterTo(page, stoppedName);
  await expect(table.getByRole('row').filter({ hasText: stoppedName })).toContainText('Container');
  await table.getByRole('checkbox', { name: `Delete container ${stoppedName}` }).check();
  await filterTo(page, imageShort);
  await table.getByRole('checkbox', { name: `Delete image <none> ${imageShort}` }).check();
  await filterTo(page, networkName);
  await table.getByRole('checkbox', { name: `Delete network ${networkName}` }).check();
  await expect(page.getByRole('toolbar', { name: 'Cleanup' })).toContainText('3 of');

  // Made after the preview, before the click.
  const laterImage = await danglingImage();
  const laterContainer = await createContainer(uniqueName('cl-later'));

  await page.getByRole('button', { name: 'Delete ticked…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 3 items?' });
  await expect(dialog).toContainText('1 container, 1 image, 1 network');
  const listed = dialog.getByRole('list', { name: 'Items to delete' });
  await expect(listed).toContainText(stoppedName);
  await expect(listed).toContainText(networkName);
  await dialog.getByRole('button', { name: 'Delete 3 items' }).click();

  const report = page.getByRole('region', { name: 'Cleanup result' });
  // Whatever it says, the report names each item's fate: a failure here shows why one was skipped.
  await expect(report.getByRole('status')).toContainText('Removed', { timeout: PREVIEW_MS });
  await expect(report).toContainText('Removed 3 items');
  await expect(report.getByRole('list', { name: 'Removed' })).toContainText(stoppedName);
  expect(await exists('container', stopped)).toBe(false);
  expect(await exists('image', image)).toBe(false);
  expect(await exists('network', network)).toBe(false);
  expect(await exists('image', laterImage)).toBe(true);
  expect(await exists('container', laterContainer)).toBe(true);
});

test('never offers protected objects: a label, and a pin that lasts across a reload until taken away', async ({ page, berth }) => {
  test.slow();
  const labelled = uniqueName('cl-labelled');
  await createContainer(labelled, ['--label', 'berth.protect=true']);
  const pinnedName = uniqueName('cl-pinned');
  await createContainer(pinnedName);

  await openCleanup(page, berth.url);
  const table = page.getByRole('table', { name: 'Cleanup candidates' });
  const protectedItems = page.getByRole('list', { name: 'Protected items' });
  await expect(protectedItems).toContainText(labelled);
  await filterTo(page, labelled);
  await expect(table.getByRole('row').filter({ hasText: labelled })).toHaveCount(0);

  await filterTo(page, pinnedName);
  await table.getByRole('button', { name: `Protect ${pinnedName}` }).click();
  await expect(protectedItems).toContainText(pinnedName, { timeout: PREVIEW_MS });
  await expect(table.getByRole('row').filter({ hasText: pinnedName })).toHaveCount(0);

  // Kept in main's settings: a fresh page (a fresh preview) still leaves it out.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Protected items' })).toContainText(pinnedName, { timeout: PREVIEW_MS });
  await page.getByRole('button', { name: `Unprotect ${pinnedName}` }).click();
  await filterTo(page, pinnedName);
  await expect(page.getByRole('table', { name: 'Cleanup candidates' }).getByRole('row').filter({ hasText: pinnedName })).toHaveCount(1, { timeout: PREVIEW_MS });
  await expect(page.getByRole('list', { name: 'Protected items' })).not.toContainText(pinnedName);
});

test('an object’s own page protects it from cleanup and takes the pin away; a labelled one says its label protects it', async ({ page, berth }) => {
  test.slow();
  const volume = uniqueName('cl-page-pin');
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
  const labelled = uniqueName('cl-page-label');
  const labelledId = await createContainer(labelled, ['--label', 'berth.protect=true']);

  await page.goto(`${berth.url}#/engines/default/volumes/${encodeURIComponent(volume)}`);
  await page.getByRole('button', { name: 'Protect from cleanup' }).click();
  await expect(page.getByRole('button', { name: 'Unprotect' })).toBeVisible();

  // Named volumes are offered once the page is widened: this one stays out, listed as pinned.
  await openCleanup(page, berth.url);
  await page.getByRole('checkbox', { name: 'Include named volumes' }).check();
  await expect(page.getByRole('list', { name: 'Protected items' })).toContainText(volume, { timeout: PREVIEW_MS });

  await page.goto(`${berth.url}#/engines/default/volumes/${encodeURIComponent(volume)}`);
  await page.getByRole('button', { name: 'Unprotect' }).click();
  await expect(page.getByRole('button', { name: 'Protect from cleanup' })).toBeVisible();

  await page.goto(`${berth.url}#/engines/default/containers/${labelledId}`);
  await expect(page.getByText('Protected from cleanup by its label')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Protect from cleanup' })).toHaveCount(0);
});

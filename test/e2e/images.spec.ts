/**
 * The Images page in Chromium: a row per tag naming the container that uses
 * it, the image page (config, layer history, what makes it big), and removal
 * through a confirmation that names the container; the prune dialog's
 * preview lists a new dangling image, and its delete removes exactly the
 * previewed ones, not one made after the preview opened; an image saved to
 * a tar comes back by Load from file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import prettyBytes from 'pretty-bytes';
import { TEST_IMAGE, TEST_LABEL_ARG, docker, uniqueName } from '../support/docker';
import type { Locator, Page } from '@playwright/test';
import { buildImage, danglingImage, imageTag, sweepImages } from '../support/images';
import { expect, test } from './fixtures';

test.beforeAll(() => sweepImages());
test.afterAll(() => sweepImages());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected');
});

test('list → image page → layers and what makes it big → remove, the confirmation naming the container', async ({ page }) => {
  const tag = imageTag('e2e');
  const id = await buildImage(['COPY big /data/big', 'RUN rm /data/big', 'ENV MARK=e2e', 'COPY small /data/small'], { big: randomBytes(5_000_000), small: 'small' }, tag);
  const user = uniqueName('img-user');
  await docker('create', '--label', TEST_LABEL_ARG, '--name', user, tag, 'true');

  await page.getByRole('link', { name: 'Images', exact: true }).click();
  const table = page.getByRole('table', { name: 'Images' });
  const row = table.getByRole('row').filter({ hasText: tag });
  await expect(row).toContainText(user);
  await expect(row).toContainText(id.slice(7, 19));
  await page.getByRole('searchbox', { name: 'Filter images' }).fill(tag);
  await expect(table.getByRole('row')).toHaveCount(2);

  await row.getByRole('link', { name: tag }).click();
  await expect(page.getByRole('heading', { level: 1, name: tag })).toBeVisible();
  const config = page.getByLabel('Image config');
  await expect(config).toContainText('MARK=e2e');
  await expect(config).toContainText('linux/');

  await page.getByRole('tab', { name: 'Layers' }).click();
  const history = page.getByRole('table', { name: 'Layer history' });
  await expect(history.getByRole('row').filter({ hasText: 'rm /data/big' })).toBeVisible();
  await expect(history.getByRole('row').filter({ hasText: 'ENV MARK' })).toHaveCount(0);
  await page.getByLabel(/Show the .*without a layer/).check();
  await expect(history.getByRole('row').filter({ hasText: 'ENV MARK' })).toBeVisible();

  await page.getByRole('tab', { name: 'What makes it big' }).click();
  const efficiency = page.getByLabel('Image efficiency');
  // 5,000,000 bytes added then removed: wasted, as dive counts it.
  await expect(efficiency).toContainText('5 MB');
  const layers = page.getByRole('table', { name: 'Layer changes' });
  await layers.getByRole('row').filter({ hasText: 'rm /data/big' }).getByRole('button', { name: /Files of layer/ }).click();
  const files = page.getByRole('table', { name: /^Files of layer/ });
  await expect(files.getByRole('row').filter({ hasText: '/data/big' })).toContainText('removed');
  await expect(page.getByRole('table', { name: 'Wasted space' }).getByRole('row').filter({ hasText: '/data/big' })).toBeVisible();

  await page.getByRole('link', { name: 'All images' }).click();
  await table.getByRole('row').filter({ hasText: tag }).getByRole('button', { name: `Remove ${tag}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${tag}?` });
  await expect(dialog.getByRole('list', { name: 'Images to remove' })).toContainText(`Used by ${user} (created)`);
  await dialog.getByRole('button', { name: `Remove ${tag}` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: tag })).toHaveCount(0);
  await expect(docker('image', 'inspect', tag)).rejects.toThrow();
});

test('the prune preview lists a new dangling image with its size and age', async ({ page }) => {
  // A tag moved to a newer build leaves the older image dangling (the engine says so with an untag event).
  const tag = imageTag('dangling');
  const dangling = await buildImage(['COPY a /a'], { a: randomBytes(1000) }, tag);
  await buildImage(['COPY a /a'], { a: randomBytes(1000) }, tag);
  await page.getByRole('link', { name: 'Images', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Images' }).getByRole('row').filter({ hasText: dangling.slice(7, 19) })).toContainText('dangling');
  await page.getByRole('button', { name: 'Prune…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Prune images' });
  const preview = dialog.getByRole('table', { name: 'Images to prune' });
  await expect(preview.getByRole('row').filter({ hasText: dangling.slice(7, 19) })).toContainText(/seconds? ago|minutes? ago|now/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await docker('image', 'inspect', '--format', '{{.Id}}', dangling)).toBe(dangling);
});

/** The short ids of the images an open prune preview lists (a dangling image is named "<none> <short id>"). */
async function previewedIds(preview: Locator): Promise<string[]> {
  await expect(preview).toBeVisible();
  return (await preview.getByRole('row').allTextContents()).flatMap((text) => /<none> ([0-9a-f]{12})/.exec(text)?.[1] ?? []);
}

/** Pins an image in this test's Berth (its settings are its own, so no other run is touched) from the image's page. */
async function protectImage(page: Page, url: string, shortId: string): Promise<void> {
  const id = await docker('image', 'inspect', '--format', '{{.Id}}', shortId).catch(() => null);
  // Gone already: no preview will list it again.
  if (id === null) return;
  await page.goto(`${url}#/engines/default/images/${encodeURIComponent(id)}`);
  await page.getByRole('button', { name: 'Protect from cleanup' }).click();
  await expect(page.getByRole('button', { name: 'Unprotect' })).toBeVisible();
}

test('the prune deletes exactly the previewed dangling images, not one made after the preview opened', async ({ page, berth }) => {
  const mine = [await danglingImage(), await danglingImage()];
  const mineShort = mine.map((id) => id.slice(7, 19));
  const dialog = page.getByRole('dialog', { name: 'Prune images' });
  const preview = dialog.getByRole('table', { name: 'Images to prune' });
  // The engine is shared: other runs' dangling images are pinned in this Berth until the preview offers only this test's.
  for (let round = 1; ; round++) {
    await page.getByRole('link', { name: 'Images', exact: true }).click();
    await page.getByRole('button', { name: 'Prune…' }).click();
    const others = (await previewedIds(preview)).filter((id) => !mineShort.includes(id));
    if (others.length === 0) break;
    expect(round, `other runs kept making dangling images: ${others.join(', ')}`).toBeLessThan(5);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    for (const id of others) await protectImage(page, berth.url, id);
  }
  for (const id of mineShort) await expect(preview.getByRole('row').filter({ hasText: `<none> ${id}` })).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Delete/ })).toHaveText('Delete 2 images');

  // Made after the preview, before the click: not in it, so not deleted.
  const later = await danglingImage();
  await dialog.getByRole('button', { name: 'Delete 2 images' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Removed 2 images' })).toBeVisible();
  for (const id of mine) await expect(docker('image', 'inspect', id)).rejects.toThrow();
  expect(await docker('image', 'inspect', '--format', '{{.Id}}', later)).toBe(later);
});

test('Compute shared sizes fills the Shared column from the engine’s disk usage', async ({ page }) => {
  const tag = imageTag('shared');
  await buildImage(['COPY own /own'], { own: randomBytes(100_000) }, tag);
  const baseSize = Number(await docker('inspect', '--format', '{{.Size}}', TEST_IMAGE));
  await page.getByRole('link', { name: 'Images', exact: true }).click();
  const row = page.getByRole('table', { name: 'Images' }).getByRole('row').filter({ hasText: tag });
  const shared = row.locator('.cell-shared');
  const api = Number((await docker('version', '--format', '{{.Server.APIVersion}}')).replace(/^1\./, ''));
  // Before API 1.42 the engine's list does not say; from then on the list itself fills it.
  if (api < 42) await expect(shared).toHaveText('—');
  await page.getByRole('button', { name: 'Compute shared sizes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Shared sizes computed' })).toBeVisible();
  // The child shares exactly the test image's layers.
  await expect(shared).toHaveText(prettyBytes(baseSize));
});

test('Load from file… uploads a saved image tar and the image is back under its tag', async ({ page }) => {
  const tag = imageTag('e2e-load');
  const id = await buildImage(['COPY mark /mark'], { mark: 'loaded by berth' }, tag);
  const folder = mkdtempSync(join(tmpdir(), 'berth-e2e-load-'));
  try {
    const file = join(folder, 'saved.tar');
    await docker('save', '-o', file, tag);
    await docker('rmi', tag);
    await page.getByRole('link', { name: 'Images' }).first().click();
    await page.getByLabel('Image file to load').setInputFiles(file);
    await expect(page.getByRole('status').filter({ hasText: 'Loaded' })).toContainText(`Loaded ${tag} from saved.tar.`);
    expect((await docker('image', 'inspect', '--format', '{{.Id}}', tag)).trim()).toBe(id);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('Load from file… refuses a file that is not an image tar, in main\'s words', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'berth-e2e-load-'));
  try {
    const file = join(folder, 'notes.tar');
    writeFileSync(file, 'these are notes, not an image');
    await page.getByRole('link', { name: 'Images' }).first().click();
    await page.getByLabel('Image file to load').setInputFiles(file);
    await expect(page.getByRole('alert')).toContainText('The engine did not load the file');
    await expect(page.getByRole('button', { name: 'Load from file…' })).toBeEnabled();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

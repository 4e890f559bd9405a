/**
 * The Events page in Chromium against the real engine: a change made with
 * the CLI shows live with its attributes; the type, action and object
 * filters narrow the table; a window in the past is read and ends; the
 * events shown export as JSON lines.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { TEST_LABEL_ARG, createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

/** A time as a datetime-local field takes it, in the browser's (local) time. */
function fieldText(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

async function openEvents(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('status').first()).toContainText('Connected');
  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await expect(page).toHaveURL(/#\/engines\/default\/events$/);
  await expect(page.getByText('Live: new events appear')).toBeVisible();
}

test('a change made with the CLI shows live with its attributes, and the filters narrow the table', async ({ page, berth }) => {
  await openEvents(page, berth.url);
  const table = page.getByRole('table', { name: 'Events' });
  const filters = page.getByRole('group', { name: 'Filters' });
  // The stream is open once an event of ours shows: keep making one until it does.
  const probe = uniqueName('ev-probe');
  await expect(async () => {
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, probe);
    await docker('volume', 'rm', probe);
    await expect(table.getByRole('row').filter({ hasText: probe }).first()).toBeVisible({ timeout: 1000 });
  }).toPass();

  const name = uniqueName('ev');
  await createContainer(name, ['--label', 'berth.colour=blue']);
  const created = table.getByRole('row').filter({ hasText: name }).filter({ hasText: 'create' });
  await expect(created).toContainText('container');
  await expect(created).toContainText('berth.colour=blue');
  await expect(created).toContainText('image=berth-test/busybox:latest');
  await docker('rm', name);
  await expect(table.getByRole('row').filter({ hasText: name }).filter({ hasText: 'destroy' })).toBeVisible();

  await filters.getByLabel('Object').fill(name);
  await expect(table.getByRole('row').filter({ hasText: probe })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: name })).toHaveCount(2);
  await filters.getByLabel('Action').fill('destroy');
  await expect(table.getByRole('row').filter({ hasText: name })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: name })).toContainText('destroy');
  await filters.getByLabel('Action').fill('');
  await filters.getByLabel('Object').fill('');
  await filters.getByLabel('Type').selectOption('volume');
  await expect(table.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: probe }).first()).toBeVisible();
});

test('reads a window in the past, and exports the events shown as JSON lines', async ({ page, berth }) => {
  const since = new Date(Date.now() - 2000);
  const volume = uniqueName('ev-window');
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, '--label', 'berth.colour=green', volume);
  await docker('volume', 'rm', volume);
  const until = new Date(Date.now() + 2000);

  await openEvents(page, berth.url);
  const form = page.getByRole('form', { name: 'Time window' });
  await form.getByLabel('Since').fill(fieldText(since));
  await form.getByLabel('Until').fill(fieldText(until));
  await form.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('the stream has ended')).toBeVisible({ timeout: 15_000 });
  const table = page.getByRole('table', { name: 'Events' });
  await expect(table.getByRole('row').filter({ hasText: volume })).toHaveCount(2);

  await page.getByRole('group', { name: 'Filters' }).getByLabel('Object').fill(volume);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON lines' }).click();
  const file = await (await downloading).path();
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.map((e) => e.action)).toEqual(['create', 'destroy']);
  expect(lines[0]).toMatchObject({ engine: 'default', type: 'volume', id: volume, attributes: expect.objectContaining({ driver: 'local' }) });
  await expect(page.getByText('Exported 2 events.')).toBeVisible();
});

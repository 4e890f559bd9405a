/**
 * Stats in a real browser against the real engine: the Stats tab of a busy
 * container shows its CPU (of one core) and memory with charts, a stopped
 * one says it is not running, and the Containers table shows CPU and memory
 * for the running rows.
 */
import { createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

/** A busy loop, holding 30 MB in /dev/shm so memory is plainly more than idle. */
const BUSY = ['sh', '-c', 'head -c 30000000 /dev/zero > /dev/shm/held; trap "exit 0" TERM; while :; do :; done'];

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status').first()).toContainText('Connected to');
});

const row = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('table', { name: 'Containers' }).getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

const percent = (text: string | null) => parseFloat((text ?? '').replace('%', ''));

test('the Stats tab shows CPU of one core and memory of a busy container, with charts', async ({ page }) => {
  const name = uniqueName('busy');
  const id = await createContainer(name, [], BUSY);
  await docker('start', id);
  await row(page, name).getByRole('link', { name }).click();
  await page.getByRole('tab', { name: 'Stats' }).click();
  const panel = page.getByRole('tabpanel');

  const cpu = panel.getByRole('status', { name: 'CPU' });
  await expect(cpu).toHaveText(/%$/, { timeout: 15_000 });
  await expect.poll(async () => percent(await cpu.textContent()), { timeout: 15_000 }).toBeGreaterThan(5); // a whole core when the machine is quiet; it is shared
  const cores = Number(await docker('info', '--format', '{{.NCPU}}'));
  await expect(panel).toContainText(`of one core (this host has ${cores} core`);

  await expect(panel.getByRole('status', { name: 'Memory' })).toHaveText(/MiB \/ [\d.]+ GiB/);
  await expect(panel.getByRole('status', { name: 'PIDs' })).toHaveText(/^\d+$/);
  await expect(panel.getByRole('img', { name: /^CPU over the last \d+ s: low .*, high .*, now .*%$/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /^Memory used over the last/ })).toBeVisible();
  await expect(panel.getByRole('figure')).toHaveCount(5);

  // Stopping it says so instead of freezing the last figures.
  await docker('stop', '-t', '1', id);
  await expect(panel).toContainText(`${name} is not running (exited)`);
});

test('a stopped container says it is not running', async ({ page }) => {
  const name = uniqueName('stopped');
  await createContainer(name);
  await row(page, name).getByRole('link', { name }).click();
  await page.getByRole('tab', { name: 'Stats' }).click();
  await expect(page.getByRole('tabpanel')).toContainText(`${name} is not running (created): start it to see`);
});

test('the table shows CPU and memory for running rows on screen, a dash for the others', async ({ page }) => {
  const busyName = uniqueName('row-busy');
  const busy = await createContainer(busyName, [], BUSY);
  const idleName = uniqueName('row-stopped');
  await createContainer(idleName);
  await docker('start', busy);

  const busyRow = row(page, busyName);
  const cpuCell = busyRow.locator('[role="cell"].cell-cpu');
  // A row's CPU needs two snapshots: a figure within a few seconds.
  await expect(cpuCell).toHaveText(/^\d+(\.\d)?%$/, { timeout: 15_000 });
  await expect.poll(async () => percent(await cpuCell.textContent()), { timeout: 15_000 }).toBeGreaterThan(5); // a whole core when the machine is quiet; it is shared
  await expect(busyRow.locator('[role="cell"].cell-memory')).toHaveText(/^[\d.]+ MiB$/);
  await expect(page.getByRole('table', { name: 'Containers' }).getByRole('columnheader', { name: 'CPU %' })).toBeVisible();

  await expect(row(page, idleName).locator('[role="cell"].cell-cpu')).toHaveText('—');
  await expect(row(page, idleName).locator('[role="cell"].cell-memory')).toHaveText('—');
});

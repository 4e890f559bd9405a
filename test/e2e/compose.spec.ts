/**
 * A Compose v1 project (Debian's docker-compose) brought up for real: its
 * containers sit under one foldable header row, with service names, and the
 * project's Start, Stop and Remove reach every container in the engine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_IMAGE, TEST_LABEL, TEST_RUN, createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

const run = promisify(execFile);
const project = `berthtest${Math.random().toString(36).slice(2, 8)}`;
const folder = mkdtempSync(join(tmpdir(), 'berth-compose-'));

async function compose(...args: string[]): Promise<void> {
  await run('docker-compose', ['-p', project, '-f', join(folder, 'docker-compose.yml'), ...args], { cwd: folder });
}

test.beforeAll(async () => {
  await sweep();
  const service = (name: string) =>
    [
      `  ${name}:`,
      `    image: ${TEST_IMAGE}`,
      `    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"]`,
      `    labels:`,
      `      ${TEST_LABEL}: "${TEST_RUN}"`,
    ].join('\n');
  writeFileSync(join(folder, 'docker-compose.yml'), ['version: "2.4"', 'services:', service('web'), service('worker'), ''].join('\n'));
  await compose('up', '-d');
});

test.afterAll(async () => {
  await compose('down', '--remove-orphans').catch(() => undefined);
  await sweep();
  rmSync(folder, { recursive: true, force: true });
});

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected to unix:///var/run/docker.sock');
});

const projectIds = async () => (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`)).split('\n').filter(Boolean);
const states = async () => Promise.all((await projectIds()).map((id) => docker('inspect', '--format', '{{.State.Status}}', id)));

test('a Compose project is grouped under its name, with its services, and folds', async ({ page }) => {
  const table = page.getByRole('table', { name: 'Containers' });
  const header = table.getByRole('button', { name: `Compose project ${project}` });
  await expect(header).toHaveAttribute('aria-expanded', 'true');
  const headerRow = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Compose project ${project}` }) });
  await expect(headerRow).toContainText('2 containers, all running');
  const web = table.getByRole('row').filter({ has: page.getByRole('link', { name: `${project}_web_1`, exact: true }) });
  await expect(web).toContainText('web');
  await expect(table.getByRole('link', { name: `${project}_worker_1`, exact: true })).toBeVisible();

  // The project's rows come straight after its header.
  const rowIndex = async (locator: import('@playwright/test').Locator) => Number(await locator.getAttribute('aria-rowindex'));
  expect(await rowIndex(web)).toBeGreaterThan(await rowIndex(headerRow));
  expect(await rowIndex(web)).toBeLessThanOrEqual((await rowIndex(headerRow)) + 2);

  await header.click();
  await expect(header).toHaveAttribute('aria-expanded', 'false');
  await expect(table.getByRole('link', { name: `${project}_web_1`, exact: true })).toHaveCount(0);
  // From the keyboard: Enter on the focused header row unfolds it.
  await headerRow.focus();
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-expanded', 'true');
  await expect(table.getByRole('link', { name: `${project}_web_1`, exact: true })).toBeVisible();

  // The filter finds a project by its name, and leaves out what is not in it.
  const outsider = uniqueName('outsider');
  await createContainer(outsider);
  await expect(table.getByRole('link', { name: outsider, exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(project);
  await expect(page.locator('.table-count')).toContainText('2 of');
  await expect(table.getByRole('link', { name: outsider, exact: true })).toHaveCount(0);
});

test('project Stop, Start and Remove reach every container of the project', async ({ page }) => {
  const table = page.getByRole('table', { name: 'Containers' });
  await table.getByRole('button', { name: `Stop project ${project}`, exact: true }).click();
  await expect(table.getByRole('row').filter({ has: page.getByRole('button', { name: `Compose project ${project}` }) })).toContainText(
    'none running',
  );
  expect(await states()).toEqual(['exited', 'exited']);

  await table.getByRole('button', { name: `Start project ${project}`, exact: true }).click();
  await expect(table.getByRole('row').filter({ has: page.getByRole('button', { name: `Compose project ${project}` }) })).toContainText(
    'all running',
  );
  expect(await states()).toEqual(['running', 'running']);

  await table.getByRole('button', { name: `Remove project ${project}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Remove project ${project}?` });
  await expect(dialog.getByRole('list', { name: 'Containers to remove' })).toContainText(`${project}_web_1`);
  await expect(dialog.getByRole('list', { name: 'Containers to remove' })).toContainText(`${project}_worker_1`);
  await expect(dialog).toContainText('2 are still up');
  await dialog.getByRole('button', { name: `Remove project ${project}` }).click();
  await expect(table.getByRole('button', { name: `Compose project ${project}` })).toHaveCount(0);
  expect(await projectIds()).toEqual([]);
});

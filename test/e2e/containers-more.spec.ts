/** More of the Containers view: select all shown, stop with a grace period, and the Inspect tab's search and folding. */
import { containerEvents, createContainer, docker, graceSeconds, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected to unix:///var/run/docker.sock');
});

test('select all shown ticks exactly the rows the filter shows', async ({ page }) => {
  const prefix = uniqueName('all');
  const ids = await Promise.all(['a', 'b', 'c'].map((suffix) => createContainer(`${prefix}-${suffix}`)));
  const other = uniqueName('other');
  await createContainer(other);
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(prefix);
  await expect(page.locator('.table-count')).toContainText('3 of');
  const all = page.getByRole('checkbox', { name: 'Select all shown' });
  await all.check();
  const bar = page.getByRole('toolbar', { name: 'Selected containers' });
  await expect(bar).toContainText('3 containers selected');
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill('');
  // Some ticked, not all: the header box says so.
  await expect(page.getByRole('checkbox', { name: 'Select all shown' })).not.toBeChecked();
  await expect.poll(() => page.getByRole('checkbox', { name: 'Select all shown' }).evaluate((box: HTMLInputElement) => box.indeterminate)).toBe(true);
  // By its name: among every other test's containers its row may be scrolled out of the list's window.
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(other);
  await expect(page.getByRole('checkbox', { name: `Select ${other}` })).not.toBeChecked();
  await expect(bar).toContainText('3 containers selected');
  await bar.getByRole('button', { name: 'Start selected', exact: true }).click();
  for (const id of ids) await expect.poll(() => docker('inspect', '--format', '{{.State.Status}}', id)).toBe('running');
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(prefix);
  await all.uncheck();
  await expect(bar).toHaveCount(0);
});

test('Stop after… stops with the chosen grace period, and refuses one that is not whole seconds', async ({ page }) => {
  const name = uniqueName('grace');
  // Ignores SIGTERM, so only the grace period ends it: the engine kills it after 1 s.
  const id = await createContainer(name, [], ['sh', '-c', 'trap "" TERM; while :; do sleep 0.1; done']);
  await docker('start', id);
  await page.goto(`${new URL(page.url()).origin}/#/containers/${id}`);
  await page.getByRole('button', { name: `Stop ${name} after a grace period` }).click();
  const dialog = page.getByRole('dialog', { name: `Stop container ${name}` });
  const field = dialog.getByLabel('Grace period (seconds)');
  await field.fill('1.5');
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('whole seconds');
  await field.fill('1');
  const t0 = new Date();
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.detail-head .state')).toHaveText('exited');
  // Killed after the grace period, not stopped cleanly: SIGKILL's exit code, a second after SIGTERM by the engine's clock.
  expect(await docker('inspect', '--format', '{{.State.ExitCode}}', id)).toBe('137');
  expect(graceSeconds(await containerEvents(id, t0))).toBeGreaterThanOrEqual(1);
});

test('Inspect: search opens folds, counts and lists the matches; blocks fold and unfold', async ({ page }) => {
  const name = uniqueName('inspect');
  const id = await createContainer(name, ['-e', 'BERTH_NEEDLE=found-it', '--label', 'needle.label=found-it-too']);
  await page.goto(`${new URL(page.url()).origin}/#/containers/${id}`);
  await page.getByRole('tab', { name: 'Inspect' }).click();
  const view = page.getByLabel('Inspect JSON');
  await expect(view).toContainText(`"Id": "${id}"`);

  await page.getByRole('button', { name: 'Fold all', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Unfold Config' })).toHaveAttribute('aria-expanded', 'false');
  await expect(view).not.toContainText('BERTH_NEEDLE');

  await page.getByRole('searchbox', { name: 'Search' }).fill('found-it');
  await expect(page.getByText('1 of 2')).toBeVisible();
  await expect(view).toContainText('"BERTH_NEEDLE=found-it"');
  await expect(view).toContainText('"needle.label": "found-it-too"');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByText('2 of 2')).toBeVisible();
  await expect(view.locator('.json-current')).toContainText('found-it-too');
  // The matches in a table of their own, each by its place in the document; opening one makes it current.
  const matches = page.getByRole('table', { name: 'Matches' });
  await expect(matches.getByRole('row')).toHaveCount(3); // the header and two matches
  await expect(matches.getByRole('button', { name: '/Config/Labels/needle.label' })).toBeVisible();
  await matches.getByRole('button', { name: /^\/Config\/Env\/\d+$/ }).click();
  await expect(page.getByText('1 of 2')).toBeVisible();
  await expect(view.locator('.json-current')).toContainText('BERTH_NEEDLE=found-it');

  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await page.getByRole('button', { name: 'Unfold Config' }).click();
  await expect(page.getByRole('button', { name: 'Fold Config' })).toHaveAttribute('aria-expanded', 'true');
  await expect(view).toContainText('BERTH_NEEDLE');
});

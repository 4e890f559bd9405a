/**
 * A view whose code loads on demand, when that code cannot be fetched (in
 * browser mode Chromium drops loads in flight whenever the machine's network
 * changes, as when a container starts): the view's place says so and offers
 * a reload, the rest of the page stays, and the reload brings the view back.
 * The failure is a real failed load in Chromium (the request is aborted at
 * the network layer), against the real engine. The same goes for the first
 * script: a page that cannot fetch it says so instead of staying blank.
 */
import { createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test('a tab whose code fails to load says so in its place, and Reload Berth brings it back', async ({ page, berth }) => {
  const name = uniqueName('load-failure');
  const id = await createContainer(name, [], ['sh', '-c', 'echo said-before-the-failure']);
  await docker('start', id);
  await docker('wait', id);

  let aborted = 0;
  await page.route('**/assets/LogsTab-*.js', async (route) => {
    aborted++;
    await route.abort('internetdisconnected');
  });
  await page.goto(berth.url);
  await expect(page.getByRole('status').first()).toContainText('Connected');
  await page.goto(`${berth.origin}/#/containers/${id}`);
  await page.getByRole('tab', { name: 'Logs' }).click();

  const failure = page.getByRole('alert').filter({ hasText: 'Berth could not load the Logs tab' });
  await expect(failure).toContainText('the connection to Berth was interrupted');
  expect(aborted).toBeGreaterThan(0);
  // Only the tab's place: the page, its heading and the other tabs are all there.
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(failure).toBeHidden();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(failure).toBeVisible();

  await page.unroute('**/assets/LogsTab-*.js');
  await failure.getByRole('button', { name: 'Reload Berth' }).click();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('log')).toContainText('said-before-the-failure');
  await expect(page.getByRole('alert').filter({ hasText: 'could not load' })).toHaveCount(0);
});

test('a page whose first script fails to load says so instead of staying blank, and Reload Berth starts it', async ({ page, berth }) => {
  let aborted = 0;
  // A module the first script imports: the whole script then fails before any of it runs.
  await page.route('**/assets/schemas-*.js', async (route) => {
    aborted++;
    await route.abort('internetdisconnected');
  });
  await page.goto(berth.url);
  const failure = page.getByRole('alert').filter({ hasText: 'Berth could not start in this page' });
  await expect(failure).toContainText('Reloading the page fetches it again');
  expect(aborted).toBeGreaterThan(0);

  await page.unroute('**/assets/schemas-*.js');
  await failure.getByRole('button', { name: 'Reload Berth' }).click();
  await expect(page.getByRole('status').first()).toContainText('Connected');
  await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
  await expect(failure).toHaveCount(0);
});

test('a page that starts says nothing of a failure', async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status').first()).toContainText('Connected');
  // The load event has passed (every script ran) and the check stayed silent.
  await page.waitForFunction(() => document.readyState === 'complete');
  await expect(page.getByRole('alert').filter({ hasText: 'could not start' })).toHaveCount(0);
});

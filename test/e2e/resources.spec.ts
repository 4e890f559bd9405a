/** Images, volumes and networks: live read-only lists, and the sidebar that reaches them. */
import { TEST_IMAGE, TEST_LABEL_ARG, docker, sweep, tempTag, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected');
});

test('volumes appear and disappear as the engine reports them', async ({ page }) => {
  await page.getByRole('link', { name: 'Volumes', exact: true }).click();
  await expect(page).toHaveURL(/#\/engines\/default\/volumes$/);
  const name = uniqueName('vol');
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
  const table = page.getByRole('table', { name: 'Volumes' });
  await expect(table.getByRole('row').filter({ hasText: name })).toContainText('local');
  await docker('volume', 'rm', name);
  await expect(table.getByRole('row').filter({ hasText: name })).toHaveCount(0);
});

test('networks show their driver and subnet', async ({ page }) => {
  await page.getByRole('link', { name: 'Networks', exact: true }).click();
  const name = uniqueName('net');
  await docker('network', 'create', '--label', TEST_LABEL_ARG, '--subnet', '10.252.9.0/24', name);
  const r = page.getByRole('table', { name: 'Networks' }).getByRole('row').filter({ hasText: name });
  await expect(r).toContainText('bridge');
  await expect(r).toContainText('10.252.9.0/24');
  await docker('network', 'rm', name);
  await expect(r).toHaveCount(0);
});

test('images show their tags and follow a new tag', async ({ page }) => {
  await page.getByRole('link', { name: 'Images', exact: true }).click();
  const table = page.getByRole('table', { name: 'Images' });
  // Filtered: every other test's tags are rows too, and a row outside the list's window is not drawn.
  const filter = page.getByRole('searchbox', { name: 'Filter images' });
  await filter.fill(TEST_IMAGE);
  await expect(table.getByRole('row').filter({ hasText: TEST_IMAGE }).first()).toBeVisible();
  const tag = tempTag('t', 'e2e');
  await filter.fill(tag);
  await docker('tag', TEST_IMAGE, tag);
  await expect(table.getByRole('row').filter({ hasText: tag })).toBeVisible();
  await docker('rmi', tag);
  await expect(table.getByRole('row').filter({ hasText: tag })).toHaveCount(0);
});

test('the Engine page names the engine', async ({ page }) => {
  await page.getByRole('link', { name: 'Engine', exact: true }).click();
  const version = await docker('version', '--format', '{{.Server.Version}}');
  await expect(page.getByRole('main')).toContainText(version);
  await expect(page.getByRole('main')).toContainText('unix:///var/run/docker.sock');
});

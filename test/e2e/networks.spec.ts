/**
 * The Networks pages in Chromium against the real engine: create a network
 * with a subnet and gateway, bad input marked on its field (by the form, and
 * in the engine's words), connect a running container with an alias and a
 * fixed address, disconnect it, remove the network (refused while in use),
 * and "Remove unused networks" removing only what was ticked.
 */
import { randomInt } from 'node:crypto';
import { TEST_LABEL_ARG, createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected');
  await page.getByRole('link', { name: 'Networks', exact: true }).click();
});

function freshSubnet(): { subnet: string; at: (host: number) => string } {
  const prefix = `10.${randomInt(160, 250)}.${randomInt(0, 255)}`;
  return { subnet: `${prefix}.0/24`, at: (host) => `${prefix}.${host}` };
}

test('create a network with a subnet and gateway, then connect a running container with an alias and a fixed address', async ({ page }) => {
  const name = uniqueName('e2e-net');
  const net = freshSubnet();
  await page.getByRole('button', { name: 'Create network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a network' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Subnet', { exact: true }).fill(net.subnet);
  await dialog.getByLabel('Gateway', { exact: true }).fill(net.at(254));
  await dialog.getByLabel('Labels', { exact: true }).fill(TEST_LABEL_ARG);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: `Network ${name}` })).toBeVisible();
  expect(await docker('network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}', name)).toBe(`${net.subnet} ${net.at(254)}`);

  const container = uniqueName('e2e-target');
  const id = await createContainer(container);
  await docker('start', id);
  await page.getByRole('button', { name: 'Connect a container…' }).click();
  const connect = page.getByRole('dialog', { name: `Connect a container to ${name}` });
  await connect.getByLabel('Container').selectOption({ label: `${container} (running)` });
  await connect.getByLabel('Aliases').fill('e2e-alias');
  await connect.getByLabel('IPv4 address').fill(net.at(42));
  await connect.getByRole('button', { name: 'Connect' }).click();
  await expect(connect).toHaveCount(0);

  const row = page.getByRole('table', { name: 'Containers on this network' }).getByRole('row').filter({ hasText: container });
  await expect(row).toContainText(`${net.at(42)}/24`);
  const settings = JSON.parse(await docker('inspect', '--format', `{{json (index .NetworkSettings.Networks "${name}")}}`, id)) as { IPAddress: string; Aliases: string[] };
  expect(settings.IPAddress).toBe(net.at(42));
  expect(settings.Aliases).toContain('e2e-alias');

  // The list shows it too, with its address.
  await page.getByRole('link', { name: 'Networks', exact: true }).first().click();
  const listed = page.getByRole('table', { name: 'Networks' }).getByRole('row').filter({ hasText: name });
  await expect(listed).toContainText(net.subnet);
  await expect(listed).toContainText(`${container} ${net.at(42)}/24`);

  // Removal is refused while it is on the network; after Disconnect it goes.
  await listed.getByRole('link', { name }).click();
  await page.getByRole('button', { name: 'Remove…' }).click();
  await page.getByRole('dialog', { name: `Remove network ${name}?` }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('alert')).toContainText('in use by');
  await page.getByRole('button', { name: `Disconnect ${container}` }).click();
  await expect(page.getByText('No container is on this network.')).toBeVisible();
  await page.getByRole('button', { name: 'Remove…' }).click();
  await page.getByRole('dialog', { name: `Remove network ${name}?` }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('heading', { name: 'Networks', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Networks' }).getByRole('row').filter({ hasText: name })).toHaveCount(0);
  expect(await docker('network', 'ls', '-q', '--filter', `name=^${name}$`)).toBe('');
});

test('bad input is marked on its field: a gateway outside the subnet by the form, an overlapping subnet in the engine’s words', async ({ page }) => {
  const net = freshSubnet();
  const taken = uniqueName('e2e-taken');
  await docker('network', 'create', '--label', TEST_LABEL_ARG, '--subnet', net.subnet, taken);
  await page.getByRole('button', { name: 'Create network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a network' });
  const name = uniqueName('e2e-bad');
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Subnet', { exact: true }).fill(net.subnet);
  await dialog.getByLabel('Gateway', { exact: true }).fill('10.9.9.1');
  await dialog.getByLabel('Labels', { exact: true }).fill(TEST_LABEL_ARG);
  await dialog.getByRole('button', { name: 'Create' }).click();
  const gateway = dialog.getByLabel('Gateway', { exact: true });
  await expect(gateway).toHaveAttribute('aria-invalid', 'true');
  await expect(gateway).toHaveAccessibleDescription(`the gateway 10.9.9.1 is outside the subnet ${net.subnet}`);

  await gateway.fill('');
  await dialog.getByRole('button', { name: 'Create' }).click();
  const subnet = dialog.getByLabel('Subnet', { exact: true });
  await expect(subnet).toHaveAttribute('aria-invalid', 'true');
  await expect(subnet).toHaveAccessibleDescription(/overlaps/i);
  // The form is kept as typed, and nothing was made.
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(name);
  expect(await docker('network', 'ls', '-q', '--filter', `name=^${name}$`)).toBe('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('remove unused networks removes exactly the ticked ones of the preview', async ({ page }) => {
  const gone = uniqueName('e2e-gone');
  const kept = uniqueName('e2e-kept');
  await docker('network', 'create', '--label', TEST_LABEL_ARG, gone);
  await docker('network', 'create', '--label', TEST_LABEL_ARG, kept);
  await expect(page.getByRole('table', { name: 'Networks' }).getByRole('row').filter({ hasText: kept })).toBeVisible();
  await page.getByRole('button', { name: 'Remove unused networks…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove unused networks' });
  const table = dialog.getByRole('table', { name: 'Unused networks' });
  await expect(table.getByRole('row').filter({ hasText: gone })).toBeVisible();
  // The engine is shared with other runs: untick everything but the one network this test means to remove.
  for (const box of await table.getByRole('checkbox').all()) {
    if ((await box.getAttribute('aria-label')) !== `Remove ${gone}`) await box.uncheck();
  }
  await dialog.getByRole('button', { name: 'Remove 1 network' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Removed 1 network.');
  await expect(dialog.getByRole('list', { name: 'Removed' })).toHaveText(gone);
  expect(await docker('network', 'ls', '-q', '--filter', `name=^${gone}$`)).toBe('');
  expect(await docker('network', 'ls', '-q', '--filter', `name=^${kept}$`)).not.toBe('');
  await dialog.getByRole('button', { name: 'Close' }).click();
});

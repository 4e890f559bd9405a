/**
 * The create form offers overlay only where the engine can make one, as the
 * engine's own system.info says: not on an engine in no swarm (the main
 * one), and on a swarm manager (a one-node swarm of this file's own, from
 * test/support/swarm.ts), where an attachable overlay made in the form is
 * then the engine's, with the swarm's scope.
 */
import { randomInt } from 'node:crypto';
import { TEST_LABEL_ARG, uniqueName } from '../support/docker';
import { startServe, type RunningBerth } from '../support/serve';
import { startSwarm, swarmMissing, type Swarm } from '../support/swarm';
import { expect, test } from './fixtures';

const missing = swarmMissing();

test('an engine in no swarm does not offer overlay', async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected');
  await page.getByRole('link', { name: 'Networks', exact: true }).click();
  await page.getByRole('button', { name: 'Create network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a network' });
  await expect(dialog.getByRole('option', { name: 'overlay (needs a swarm manager)' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test.describe('on a swarm manager', () => {
  test.skip(missing !== undefined, `no swarm here: ${missing}`);
  let swarm: Swarm | undefined;
  let onSwarm: RunningBerth | undefined;

  test.beforeAll(async () => {
    swarm = await startSwarm({ nodes: 1 });
    onSwarm = await startServe({ DOCKER_HOST: swarm.manager.socket, DOCKER_CONTEXT: '' });
  });

  test.afterAll(async () => {
    await onSwarm?.stop();
    await swarm?.stop();
  });

  test('overlay is offered, and an attachable overlay made in the form is the swarm’s', async ({ page }) => {
    await page.goto(onSwarm!.url);
    await expect(page.getByRole('status')).toContainText('Connected');
    await page.getByRole('link', { name: 'Networks', exact: true }).click();
    await page.getByRole('button', { name: 'Create network' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a network' });
    const name = uniqueName('e2e-overlay');
    const prefix = `10.${randomInt(100, 150)}.${randomInt(0, 255)}`;
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await expect(dialog.getByRole('option', { name: 'overlay', exact: true })).toBeEnabled();
    await dialog.getByRole('combobox', { name: 'Driver' }).selectOption('overlay');
    await dialog.getByLabel('Subnet', { exact: true }).fill(`${prefix}.0/24`);
    await dialog.getByLabel('Gateway', { exact: true }).fill(`${prefix}.254`);
    await dialog.getByLabel(/^Attachable/).check();
    await dialog.getByLabel('Labels', { exact: true }).fill(TEST_LABEL_ARG);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { name: `Network ${name}` })).toBeVisible();
    const made = await swarm!.manager.cli('network', 'inspect', '--format', '{{.Driver}} {{.Scope}} {{.Attachable}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}', name);
    expect(made).toBe(`overlay swarm true ${prefix}.0/24 ${prefix}.254`);
  });
});

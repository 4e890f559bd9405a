/**
 * The run form in a real browser against the real engine: a good run, a
 * host port already in use (the engine's error on that port's field, and no
 * container left behind), a bad image reference marked on its field, and
 * host access confirmed first, in a dialog that lists every grant as main
 * counts it (a joined container's host access too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { TEST_IMAGE, TEST_LABEL_ARG, createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status').first()).toContainText('Connected to unix:///var/run/docker.sock');
});

const IDLE_COMMAND = `sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'`;

async function openForm(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Run a container' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a container' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function fillBasics(dialog: Locator, name: string): Promise<void> {
  await dialog.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Command', { exact: true }).fill(IDLE_COMMAND);
  await dialog.getByLabel('Labels (key=value, one per line)').fill(TEST_LABEL_ARG);
}

async function addPort(dialog: Locator, hostPort: string, containerPort: string): Promise<void> {
  await dialog.getByRole('button', { name: 'Add a port' }).click();
  await dialog.getByLabel('Host IP, port 1').fill('127.0.0.1');
  await dialog.getByLabel('Host port, port 1').fill(hostPort);
  await dialog.getByLabel('Container port, port 1').fill(containerPort);
}

async function busyPort(): Promise<string> {
  const id = await createContainer(uniqueName('holder'), ['-p', '127.0.0.1::8080']);
  await docker('start', id);
  return /:(\d+)\s*$/m.exec(await docker('port', id, '8080/tcp'))?.[1] ?? '';
}

test('a good run opens the new container, running', async ({ page }) => {
  const name = uniqueName('form-run');
  const dialog = await openForm(page);
  await fillBasics(dialog, name);
  await dialog.getByLabel('Environment variables (KEY=VALUE, one per line)').fill('GREETING=hello from the form');
  await addPort(dialog, '', '80');
  await dialog.getByLabel('Memory limit').fill('64m');
  // A published port without a user set: the form warns, but runs.
  await expect(dialog).toContainText('runs as root with a published port');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.locator('.detail-head .state')).toHaveText('running');
  expect(await docker('inspect', '--format', '{{.State.Running}} {{.HostConfig.Memory}} {{index .Config.Env 0}}', name)).toBe(
    `true ${64 * 1024 * 1024} GREETING=hello from the form`,
  );
  expect(await docker('port', name, '80/tcp')).toMatch(/^127\.0\.0\.1:\d+$/);
});

test('a host port in use marks that port with the engine\'s error and leaves no container', async ({ page }) => {
  const port = await busyPort();
  const name = uniqueName('form-conflict');
  const dialog = await openForm(page);
  await fillBasics(dialog, name);
  await addPort(dialog, port, '80');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(new RegExp(`${port}.*(already allocated|address already in use)`));
  const hostPort = dialog.getByLabel('Host port, port 1');
  await expect(hostPort).toHaveAttribute('aria-invalid', 'true');
  await expect(hostPort).toHaveAccessibleDescription(new RegExp(`${port}.*(already allocated|address already in use)`));
  // The form keeps what was typed.
  await expect(hostPort).toHaveValue(port);
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(name);
  expect(await docker('ps', '-aq', '--filter', `name=${name}`)).toBe('');
});

test('a bad image reference is marked on the image field and nothing is sent', async ({ page }) => {
  const name = uniqueName('form-bad');
  const dialog = await openForm(page);
  await fillBasics(dialog, name);
  const image = dialog.getByLabel('Image', { exact: true });
  await image.fill('Berth Test/Busybox');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(image).toHaveAttribute('aria-invalid', 'true');
  await expect(image).toHaveAccessibleDescription(/no spaces/);
  await expect(image).toBeFocused();
  await image.fill('berth-test/Busybox');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(image).toHaveAccessibleDescription(/lower-case/);
  await expect(image).toHaveValue('berth-test/Busybox');
  expect(await docker('ps', '-aq', '--filter', `name=${name}`)).toBe('');
});

test('an env line without "=" and a port out of range are marked before anything runs', async ({ page }) => {
  const dialog = await openForm(page);
  await fillBasics(dialog, uniqueName('form-fields'));
  const env = dialog.getByLabel('Environment variables (KEY=VALUE, one per line)');
  await env.fill('GOOD=1\nNOEQUALS');
  await addPort(dialog, '70000', '80');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(env).toHaveAttribute('aria-invalid', 'true');
  await expect(env).toHaveAccessibleDescription(/line 2 .*needs “=”/);
  await expect(dialog.getByLabel('Host port, port 1')).toHaveAccessibleDescription(/1 to 65535/);
});

test('host access asks for confirmation first, and Cancel runs nothing', async ({ page }) => {
  const name = uniqueName('form-host');
  const folder = mkdtempSync(join(tmpdir(), 'berth-e2e-run-'));
  try {
    const dialog = await openForm(page);
    await fillBasics(dialog, name);
    await dialog.getByText('Advanced').click();
    await dialog.getByLabel('Privileged').check();
    await expect(dialog).toContainText('almost anything the host’s root can');
    // This engine's sandbox refuses privileged containers; a host folder asks the same question.
    await dialog.getByLabel('Privileged').uncheck();
    await dialog.getByRole('button', { name: 'Add a mount' }).click();
    await dialog.getByLabel('Type, mount 1').selectOption('bind');
    await dialog.getByLabel('Host path, mount 1').fill(folder);
    await dialog.getByLabel('Path in the container, mount 1').fill('/host');
    // Main names every grant, not only the ones the form used to count.
    await dialog.getByLabel('Add capabilities').fill('sys_ptrace');
    await dialog.getByLabel('IPC namespace').fill('host');
    await dialog.getByLabel('Host devices (host[:container][:rwm], one per line)').fill('/dev/zero:/dev/berth-zero');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Give this container access to the host?' });
    await expect(confirm.getByRole('listitem')).toHaveText([
      `the host folder ${folder}, writable`,
      'the host device /dev/zero (as /dev/berth-zero)',
      /^the host’s IPC namespace/,
      'the capability SYS_PTRACE, beyond Docker’s default set',
    ]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    expect(await docker('ps', '-aq', '--filter', `name=${name}`)).toBe('');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await confirm.getByRole('button', { name: 'Run with host access' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    expect(await docker('inspect', '--format', '{{range .Mounts}}{{.Source}}{{end}} {{json .HostConfig.CapAdd}} {{.HostConfig.IpcMode}}', name)).toBe(`${folder} ["sys_ptrace"] host`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the confirmation names what only main can see: a joined container’s host access', async ({ page }) => {
  const x = uniqueName('form-hostnet');
  await createContainer(x, ['--network', 'host']);
  await docker('start', x);
  const name = uniqueName('form-join');
  const dialog = await openForm(page);
  await fillBasics(dialog, name);
  await dialog.getByLabel('Network', { exact: true }).fill(`container:${x}`);
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Give this container access to the host?' });
  await expect(confirm.getByRole('listitem')).toHaveText([`joins the network of container ${x}, which has the host’s network: every port and interface of the host`]);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(await docker('ps', '-aq', '--filter', `name=${name}`)).toBe('');
});

test('an image row opens the form with its image filled in', async ({ page }) => {
  await page.getByRole('link', { name: /^Images/ }).click();
  // Filtered: every other test's tags are rows too, and one outside the list's window is not drawn.
  await page.getByRole('searchbox', { name: 'Filter images' }).fill(TEST_IMAGE);
  // Each tag's row runs that tag, whatever other tags its image has.
  await page.getByRole('button', { name: `Run ${TEST_IMAGE}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a container' });
  await expect(dialog.getByLabel('Image', { exact: true })).toHaveValue(TEST_IMAGE);
});

test('a container page copies its settings as a docker run line', async ({ page, context, berth }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: berth.origin });
  const name = uniqueName('page-copy');
  const id = await createContainer(name, ['-e', 'NOTE=it\'s here', '-p', '127.0.0.1::80']);
  await page.goto(`${berth.origin}/#/containers/${id}`);
  await page.getByRole('button', { name: 'Copy as docker run' }).click();
  const dialog = page.getByRole('dialog', { name: `docker run command for ${name}` });
  await expect(dialog.getByRole('status')).toHaveText('Copied to the clipboard.');
  const shown = await dialog.getByLabel(`docker run command for ${name}`).innerText();
  expect(shown).toContain(`--name ${name}`);
  expect(shown).toContain(`--env 'NOTE=it'\\''s here'`);
  expect(shown).toContain('--publish 127.0.0.1::80/tcp');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Copy as Compose' }).click();
  await expect(page.getByRole('dialog', { name: `Compose service for ${name}` })).toContainText(`container_name: "${name}"`);
});

test('Edit and recreate replaces the container under its name with the new settings', async ({ page, berth }) => {
  const name = uniqueName('page-edit');
  const oldId = await createContainer(name, ['-e', 'VERSION=1']);
  await docker('start', oldId);
  await page.goto(`${berth.origin}/#/containers/${oldId}`);
  await page.getByRole('button', { name: `Edit and recreate ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit and recreate ${name}` });
  const env = dialog.getByLabel('Environment variables (KEY=VALUE, one per line)');
  await expect(env).toHaveValue('VERSION=1');
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(dialog.getByLabel('Labels (key=value, one per line)')).toHaveValue(TEST_LABEL_ARG);
  await env.fill('VERSION=2');
  await expect(dialog.getByLabel('Pull the image first')).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Recreate' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).not.toHaveURL(new RegExp(oldId));
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.locator('.detail-head .state')).toHaveText('running');
  expect(await docker('inspect', '--format', '{{.State.Running}} {{index .Config.Env 0}}', name)).toBe('true VERSION=2');
  await expect(docker('inspect', oldId)).rejects.toThrow(/No such/);
});

test('a recreate that fails shows why and leaves the old container running', async ({ page, berth }) => {
  const name = uniqueName('page-edit-fail');
  const oldId = await createContainer(name);
  await docker('start', oldId);
  const port = await busyPort();
  await page.goto(`${berth.origin}/#/containers/${oldId}`);
  await page.getByRole('button', { name: `Edit and recreate ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit and recreate ${name}` });
  await addPort(dialog, port, '80');
  await dialog.getByRole('button', { name: 'Recreate' }).click();
  await expect(dialog.getByRole('alert')).toContainText('put back as it was');
  await expect(dialog.getByLabel('Host port, port 1')).toHaveAttribute('aria-invalid', 'true');
  expect(await docker('inspect', '--format', '{{.Name}} {{.State.Running}}', oldId)).toBe(`/${name} true`);
});

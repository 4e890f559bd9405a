/**
 * The Containers view in a real browser against the real engine: what the
 * docker CLI does shows up by itself, and what the user clicks reaches the
 * engine.
 */
import { createContainer, docker, logEndsWith, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected to unix:///var/run/docker.sock');
});

const row = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('table', { name: 'Containers' }).getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('takes the token out of the address bar', async ({ page }) => {
  expect(page.url()).not.toContain('token=');
  await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();
});

test('a container made with the CLI shows up and changes state live', async ({ page }) => {
  const name = uniqueName('live');
  const id = await createContainer(name, ['-p', '127.0.0.1::8080']);
  const r = row(page, name);
  await expect(r).toContainText('created');
  await expect(r.getByRole('link', { name })).toHaveAttribute('href', `#/engines/default/containers/${id}`);

  await docker('start', id);
  await expect(r).toContainText('running');
  await expect(r).toContainText(/127\.0\.0\.1:\d+→8080\/tcp/);
  await docker('pause', id);
  await expect(r).toContainText('paused');
  await docker('unpause', id);
  await docker('stop', id);
  await expect(r).toContainText('exited');
  await docker('rename', id, `${name}-x`);
  await expect(row(page, `${name}-x`)).toBeVisible();
  await docker('rm', id);
  await expect(row(page, `${name}-x`)).toHaveCount(0);
});

test('Stop stops the container in the engine', async ({ page }) => {
  const name = uniqueName('stop');
  const id = await createContainer(name);
  await docker('start', id);
  const r = row(page, name);
  await expect(r).toContainText('running');
  await r.getByRole('button', { name: `Stop ${name}`, exact: true }).click();
  await expect(r).toContainText('exited');
  expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('exited');
  await r.getByRole('button', { name: `Start ${name}`, exact: true }).click();
  await expect(r).toContainText('running');
  expect(await docker('inspect', '--format', '{{.State.Running}}', id)).toBe('true');
});

test('Pause and Unpause reach the engine', async ({ page }) => {
  const name = uniqueName('pause');
  const id = await createContainer(name);
  await docker('start', id);
  const r = row(page, name);
  await expect(r).toContainText('running');
  await r.getByRole('button', { name: `Pause ${name}`, exact: true }).click();
  await expect(r).toContainText('paused');
  expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('paused');
  await r.getByRole('button', { name: `Unpause ${name}`, exact: true }).click();
  await expect(r).toContainText('running');
  expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('running');
});

test('Remove asks first, naming the container, and Cancel keeps it', async ({ page }) => {
  const name = uniqueName('rm');
  const id = await createContainer(name);
  await docker('start', id);
  const r = row(page, name);
  await r.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Remove container ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('stopped and killed first');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await docker('inspect', '--format', '{{.State.Running}}', id)).toBe('true');

  await r.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(r).toHaveCount(0);
  await expect(docker('inspect', id)).rejects.toThrow(/No such/);
});

test('an engine error shows on the row in the engine\'s words', async ({ page }) => {
  const name = uniqueName('err');
  // A command that does not exist: the engine refuses to start it.
  const id = await createContainer(name, [], ['/nonexistent-berth-command']);
  const r = row(page, name);
  await r.getByRole('button', { name: `Start ${name}`, exact: true }).click();
  await expect(r.getByRole('alert')).toContainText(/Could not start .*nonexistent-berth-command.*no such file or directory/i);
  expect(await docker('inspect', '--format', '{{.State.Status}}', id)).not.toBe('running');
});

test('the filter box narrows the table', async ({ page }) => {
  const a = uniqueName('alpha');
  const b = uniqueName('beta');
  await createContainer(a);
  await createContainer(b);
  await expect(row(page, a)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(a);
  await expect(row(page, a)).toBeVisible();
  await expect(row(page, b)).toHaveCount(0);
});

test('a container\'s name opens its page, with its tabs', async ({ page }) => {
  const name = uniqueName('detail');
  const id = await createContainer(name);
  await row(page, name).getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`#/engines/default/containers/${id}$`));
  await expect(page.getByRole('heading', { name })).toBeVisible();
  for (const tab of ['Overview', 'Logs', 'Terminal', 'Stats', 'Inspect', 'Files']) {
    await expect(page.getByRole('tab', { name: tab })).toBeVisible();
  }
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await expect(page.getByLabel('Inspect JSON')).toContainText(`"Id": "${id}"`);
});

test('Rename on the container page: a bad name is explained in place, a good one reaches the engine', async ({ page }) => {
  const name = uniqueName('ren');
  const id = await createContainer(name);
  await row(page, name).getByRole('link', { name }).click();
  await page.getByRole('button', { name: `Rename ${name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Rename container ${name}` });
  const field = dialog.getByRole('textbox', { name: 'New name' });
  await field.fill('no spaces allowed');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(dialog.getByRole('alert')).toContainText('cannot be a container name');
  await expect(field).toHaveValue('no spaces allowed');
  await field.fill(`${name}-new`);
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `${name}-new` })).toBeVisible();
  expect(await docker('inspect', '--format', '{{.Name}}', id)).toBe(`/${name}-new`);
});

test('Kill on the container page sends the chosen signal', async ({ page }) => {
  const name = uniqueName('kill');
  const id = await createContainer(name, [], ['sh', '-c', 'trap "exit 42" USR1; echo trapping; while :; do sleep 0.1; done']);
  await docker('start', id);
  // Only once the trap is set: as the container's PID 1, the shell ignores a USR1 that comes before it.
  await logEndsWith(id, 'trapping');
  await row(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('main')).toContainText('running');
  await page.getByRole('button', { name: `Kill ${name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Kill container ${name}?` });
  await dialog.getByRole('combobox', { name: 'Signal' }).selectOption('SIGUSR1');
  await dialog.getByRole('button', { name: 'Send signal' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText('exit code 42');
});

test('the overview shows mounts, networks and environment, secrets masked until asked', async ({ page }) => {
  const name = uniqueName('facts');
  const volume = uniqueName('factsvol');
  await docker('volume', 'create', '--label', 'berth.test=1', volume);
  const id = await createContainer(name, ['-e', 'GREETING=hello', '-e', 'API_TOKEN=s3cr3t-value', '-v', `${volume}:/data:ro`]);
  await docker('start', id);
  await row(page, name).getByRole('link', { name }).click();
  const mounts = page.getByRole('table', { name: 'Mounts' });
  await expect(mounts.getByRole('row').filter({ hasText: volume })).toContainText('read-only');
  const ip = await docker('inspect', '--format', '{{.NetworkSettings.Networks.bridge.IPAddress}}', id);
  await expect(page.getByRole('table', { name: 'Networks' }).getByRole('row').filter({ hasText: 'bridge' })).toContainText(ip);
  const env = page.getByRole('table', { name: 'Environment' });
  await expect(env).toContainText('hello');
  await expect(env).not.toContainText('s3cr3t-value');
  await env.getByRole('button', { name: 'Show the value of API_TOKEN' }).click();
  await expect(env).toContainText('s3cr3t-value');
});

test('Remove names the anonymous volumes it would delete, and deletes them only when ticked', async ({ page }) => {
  const name = uniqueName('anon');
  const id = await createContainer(name, ['-v', '/scratch']);
  const volume = await docker('inspect', '--format', '{{range .Mounts}}{{.Name}}{{end}}', id);
  expect(volume).toMatch(/^[0-9a-f]{64}$/);
  await row(page, name).getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Remove container ${name}?` });
  await expect(dialog.getByRole('list', { name: 'Anonymous volumes' })).toContainText(`${volume.slice(0, 12)} mounted at /scratch`);
  await dialog.getByRole('checkbox', { name: 'Also remove its anonymous volumes' }).check();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(row(page, name)).toHaveCount(0);
  await expect(docker('volume', 'inspect', volume)).rejects.toThrow(/no such volume/i);
});

test('bulk: tick three containers and stop them at once; remove asks, naming each', async ({ page }) => {
  const names = [uniqueName('bulk-a'), uniqueName('bulk-b'), uniqueName('bulk-c')];
  const ids = await Promise.all(names.map((n) => createContainer(n)));
  await Promise.all(ids.map((id) => docker('start', id)));
  for (const name of names) {
    await expect(row(page, name)).toContainText('running');
    await row(page, name).getByRole('checkbox', { name: `Select ${name}` }).check();
  }
  const bar = page.getByRole('toolbar', { name: 'Selected containers' });
  await expect(bar).toContainText('3 containers selected');
  await bar.getByRole('button', { name: 'Stop selected' }).click();
  for (const name of names) await expect(row(page, name)).toContainText('exited');
  for (const id of ids) expect(await docker('inspect', '--format', '{{.State.Status}}', id)).toBe('exited');

  await bar.getByRole('button', { name: 'Remove selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 3 containers?' });
  for (const name of names) await expect(dialog.getByRole('list', { name: 'Containers to remove' })).toContainText(name);
  await dialog.getByRole('button', { name: 'Remove 3 containers' }).click();
  for (const name of names) await expect(row(page, name)).toHaveCount(0);
  await expect(bar).toHaveCount(0);
});

test('bulk Remove names each container\'s anonymous volumes and deletes them only when ticked', async ({ page }) => {
  const [withVolume, without] = [uniqueName('bulk-vol'), uniqueName('bulk-novol')];
  const id = await createContainer(withVolume, ['-v', '/scratch']);
  await createContainer(without);
  const volume = await docker('inspect', '--format', '{{range .Mounts}}{{.Name}}{{end}}', id);
  for (const name of [withVolume, without]) await row(page, name).getByRole('checkbox', { name: `Select ${name}` }).check();
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Remove selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 2 containers?' });
  await expect(dialog.getByRole('list', { name: `Anonymous volumes of ${withVolume}` })).toContainText(`${volume.slice(0, 12)} mounted at /scratch`);
  await expect(dialog.getByRole('list', { name: `Anonymous volumes of ${without}` })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: 'Also remove their anonymous volumes' }).check();
  await dialog.getByRole('button', { name: 'Remove 2 containers' }).click();
  for (const name of [withVolume, without]) await expect(row(page, name)).toHaveCount(0);
  await expect(docker('volume', 'inspect', volume)).rejects.toThrow(/no such volume/i);
});

test('Open on a published port shows what the container serves', async ({ page }) => {
  const name = uniqueName('web');
  const id = await createContainer(name, ['-p', '127.0.0.1::80'], ['sh', '-c', 'mkdir -p /www && echo berth-port-ok > /www/index.html && exec httpd -f -p 80 -h /www']);
  await docker('start', id);
  const hostPort = (await docker('port', id, '80/tcp')).split(':').at(-1);
  await row(page, name).getByRole('link', { name }).click();
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: `Open port 80/tcp of ${name} in the browser` }).click();
  const opened = await popup;
  await expect(opened).toHaveURL(`http://127.0.0.1:${hostPort}/`);
  await expect(opened.locator('body')).toContainText('berth-port-ok');
});

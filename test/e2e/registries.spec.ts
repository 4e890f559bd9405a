/**
 * Registries in a real browser against a registry that asks for a password
 * (htpasswd): a wrong password is refused in the dialog in words, a right
 * one is listed with where it is kept (browser mode says plainly it cannot
 * keep it securely), and logging out, once confirmed, takes it off the list.
 */
import { TEST_IMAGE, TEST_LABEL_ARG, TEST_RUN, docker } from '../support/docker';
import { startRegistry, type Registry } from '../support/registry';
import { expect, test } from './fixtures';

let registry: Registry;

test.beforeAll(async () => {
  registry = await startRegistry({ username: 'e2e', password: 'e2e-password' });
});

test.afterAll(() => registry?.stop());

test('log in with a wrong then a right password, see it listed, log out', async ({ page, berth }) => {
  await page.goto(berth.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Registries' }).click();
  await expect(page.getByRole('heading', { name: 'Registries', level: 1 })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('cannot keep a new login securely');

  await page.getByRole('button', { name: 'Log in…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Log in to a registry' });
  await dialog.getByLabel('Registry').fill(registry.host);
  await dialog.getByLabel('User name').fill('e2e');
  await dialog.getByLabel('Password or token').fill('wrong');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`Could not log in to ${registry.host}: it refused that user name and password`);

  await dialog.getByLabel('Password or token').fill('e2e-password');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged in' })).toContainText('this session only');
  const row = page.getByRole('table', { name: 'Registry credentials' }).getByRole('row', { name: new RegExp(registry.host) });
  await expect(row).toContainText('e2e');
  await expect(page.getByText('e2e-password')).toHaveCount(0);

  await row.getByRole('button', { name: `Log out of ${registry.host}` }).click();
  const confirm = page.getByRole('dialog', { name: `Log out of ${registry.host}?` });
  await confirm.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Logged out' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Registry credentials' })).toHaveCount(0);
});

test('push an image from its page: its tag is filled in, and the registry has it once the job is done', async ({ page, berth }) => {
  const open = await startRegistry();
  // An image of its own (a commit), so that its one tag is the one the dialog fills in.
  const tag = `${open.host}/berth-test/pushed:${TEST_RUN}`;
  const maker = await docker('create', '--label', TEST_LABEL_ARG, TEST_IMAGE, 'true');
  const id = await docker('commit', '--change', `LABEL ${TEST_LABEL_ARG}`, maker, tag);
  await docker('rm', maker);
  try {
    await page.goto(`${berth.url}#/images/${encodeURIComponent(id)}`);
    await page.getByRole('button', { name: 'Push…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Push an image' });
    await expect(dialog.getByLabel('Tag')).toHaveValue(tag);
    await dialog.getByRole('button', { name: 'Push' }).click();
    const job = page.getByRole('listitem', { name: `Push ${tag}` });
    await expect(job.getByLabel(`State of Push ${tag}`)).toHaveText('Done', { timeout: 30_000 });
    const manifest = await fetch(`http://127.0.0.1:${open.port}/v2/berth-test/pushed/manifests/${TEST_RUN}`, {
      method: 'HEAD',
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(manifest.status).toBe(200);
  } finally {
    open.stop();
    await docker('rmi', tag).catch(() => undefined);
  }
});

/**
 * Volumes in Chromium against the real engine: create a volume, browse it,
 * back it up to a file, restore that file into a new volume, and read the
 * restored file in a container; removal names what it deletes and asks to
 * remove the container that uses it; a file that is not a tar is refused in
 * main's words and leaves no volume.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, sweep, TEST_IMAGE, TEST_LABEL_ARG, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test('creates a volume, backs it up to a file, restores it into a new volume, and a container reads the file', async ({ page, berth }) => {
  const name = uniqueName('vol-e2e');
  const restored = uniqueName('vol-e2e-restored');
  await page.goto(`${berth.url}#/volumes`);
  await page.getByRole('button', { name: 'Create volume…' }).click();
  const create = page.getByRole('dialog', { name: 'Create volume' });
  await create.getByLabel('Name').fill(name);
  await create.getByLabel('Labels (one key=value a line)').fill(TEST_LABEL_ARG);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  const table = page.getByRole('table', { name: 'Volumes' });
  await expect(table.getByRole('link', { name })).toBeVisible();

  await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${name}:/v`, TEST_IMAGE, 'sh', '-c', 'mkdir /v/notes && echo "kept by berth ✓" > /v/notes/greeting.txt && chmod 0640 /v/notes/greeting.txt');
  await table.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name: `Volume ${name}` })).toBeVisible();
  await page.getByRole('table', { name: 'Files in /' }).getByRole('button', { name: 'notes/' }).click();
  await expect(page.getByRole('table', { name: 'Files in /notes' }).getByRole('row').filter({ hasText: 'greeting.txt' })).toContainText('-rw-r-----');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Back up' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${name}-\\d{8}-\\d{6}\\.tar$`));
  const file = await download.path();

  await page.getByRole('link', { name: 'Volumes' }).first().click();
  await page.getByRole('button', { name: 'Restore backup as new volume…' }).click();
  const restore = page.getByRole('dialog', { name: 'Restore a backup into a new volume' });
  await restore.getByLabel('Backup file (.tar)').setInputFiles(file);
  await restore.getByLabel('New volume name').fill(restored);
  await restore.getByLabel('Labels of the new volume (one key=value a line)').fill(TEST_LABEL_ARG);
  await restore.getByRole('button', { name: 'Restore' }).click();
  await expect(restore).toBeHidden();
  await expect(table.getByRole('link', { name: restored })).toBeVisible();
  expect(await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${restored}:/v:ro`, TEST_IMAGE, 'sh', '-c', 'cat /v/notes/greeting.txt; stat -c %a /v/notes/greeting.txt')).toBe('kept by berth ✓\n640');
});

test('removing a volume in use names it and its container, and removes both when asked', async ({ page, berth }) => {
  const name = uniqueName('vol-e2e-rm');
  const user = uniqueName('vol-e2e-user');
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
  await docker('create', '--label', TEST_LABEL_ARG, '--name', user, '-v', `${name}:/data`, TEST_IMAGE, 'true');
  await page.goto(`${berth.url}#/volumes`);
  // Filtered: among every other test's volumes its row may be outside the list's window.
  await page.getByRole('searchbox', { name: 'Filter volumes' }).fill(name);
  const row = page.getByRole('table', { name: 'Volumes' }).getByRole('row').filter({ hasText: name });
  await expect(row.getByRole('link', { name: user })).toBeVisible();
  await row.getByRole('link', { name }).click();
  await page.getByRole('button', { name: 'Remove…' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove volume ${name}?` });
  await expect(dialog).toContainText(`It is used by container ${user}`);
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`in use by container ${user}`);
  await dialog.getByLabel(`Also remove container ${user}`).check();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('The volume was removed.')).toBeVisible();
  expect(await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)).toBe('');
  expect(await docker('ps', '-aq', '--filter', `name=^${user}$`)).toBe('');
});

test('a file that is not a tar is refused in the restore dialog, in main\'s words, and leaves no volume', async ({ page, berth }) => {
  const name = uniqueName('vol-e2e-not-tar');
  const folder = mkdtempSync(join(tmpdir(), 'berth-e2e-restore-'));
  try {
    const file = join(folder, 'notes.tar');
    writeFileSync(file, 'these are notes, not a tar archive\n'.repeat(100));
    await page.goto(`${berth.url}#/volumes`);
    await page.getByRole('button', { name: 'Restore backup as new volume…' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore a backup into a new volume' });
    await restore.getByLabel('Backup file (.tar)').setInputFiles(file);
    await restore.getByLabel('New volume name').fill(name);
    await restore.getByRole('button', { name: 'Restore' }).click();
    await expect(restore.getByRole('alert')).toContainText('This file is not a tar archive');
    await expect(docker('volume', 'inspect', name)).rejects.toThrow();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

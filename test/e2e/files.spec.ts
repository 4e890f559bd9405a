/**
 * The Files tab in Chromium against the real engine: browse, upload a file
 * the container can then read, download it back, upload it again only after
 * saying to replace it, and browse a stopped one.
 */
import { readFileSync } from 'node:fs';
import { createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test('uploads a file that docker exec cat can read, and downloads it back', async ({ page, berth }) => {
  const id = await createContainer(uniqueName('files-e2e'));
  await docker('start', id);
  await page.goto(`${berth.url}#/containers/${id}`);
  await page.getByRole('tab', { name: 'Files' }).click();
  const root = page.getByRole('table', { name: 'Files in /' });
  await expect(root.getByRole('button', { name: 'etc/' })).toBeVisible();
  await root.getByRole('button', { name: 'tmp/' }).click();
  const tmp = page.getByRole('table', { name: 'Files in /tmp' });
  await expect(tmp).toBeVisible();

  const name = 'hello wörld.txt';
  await page.getByLabel('Files to upload').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from('uploaded by berth ✓\n') });
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded' })).toContainText(`Uploaded ${name} to /tmp.`);
  await expect(tmp.getByRole('row').filter({ hasText: name })).toContainText('-rw-r--r--');
  expect(await docker('exec', id, 'cat', `/tmp/${name}`)).toBe('uploaded by berth ✓');

  const downloading = page.waitForEvent('download');
  await tmp.getByRole('button', { name: `Download ${name}` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${name}.tar`);
  const tar = readFileSync(await download.path());
  expect(tar.includes(Buffer.from('uploaded by berth ✓\n'))).toBe(true);

  // The same name again: asked first, naming the path; Cancel keeps the file, Replace overwrites it.
  const again = { name, mimeType: 'text/plain', buffer: Buffer.from('replaced ✓\n') };
  await page.getByLabel('Files to upload').setInputFiles(again);
  let confirm = page.getByRole('dialog', { name: 'Replace 1 file?' });
  await expect(confirm.getByRole('list', { name: 'Files to replace' })).toHaveText(`/tmp/${name}`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(await docker('exec', id, 'cat', `/tmp/${name}`)).toBe('uploaded by berth ✓');
  await page.getByLabel('Files to upload').setInputFiles(again);
  confirm = page.getByRole('dialog', { name: 'Replace 1 file?' });
  await confirm.getByRole('button', { name: 'Replace it' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded' })).toContainText(`Uploaded ${name} to /tmp.`);
  expect(await docker('exec', id, 'cat', `/tmp/${name}`)).toBe('replaced ✓');
});

test('browses a stopped container and says when a path is missing', async ({ page, berth }) => {
  const id = await createContainer(uniqueName('files-stopped'));
  await page.goto(`${berth.url}#/containers/${id}`);
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByRole('table', { name: 'Files in /' }).getByRole('button', { name: 'bin/' })).toBeVisible();
  await page.getByLabel('Path', { exact: true }).fill('/no such folder');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect(page.getByRole('alert')).toHaveText('There is no file or folder /no such folder in this container.');
});

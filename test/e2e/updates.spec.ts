/**
 * Update in a real browser against a real registry: two containers run a
 * tag, a newer image (an env var and a file more) is pushed to it, the
 * container's page offers Update, and Update on the ticked pair pulls the
 * tag once, shows what changes and the layer diff, names both containers,
 * and only on the user's word recreates both on the new image under their
 * names, each with its result.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDLE, TEST_IMAGE, TEST_LABEL_ARG, docker, sweep, uniqueName } from '../support/docker';
import { startRegistry, type Registry } from '../support/registry';
import { expect, test } from './fixtures';

let registry: Registry;
let reference: string;
let newer: string;
/** The two containers' names share it: the filter shows just them. */
const prefix = uniqueName('upd');
const names = [`${prefix}-a`, `${prefix}-b`];
const context = mkdtempSync(join(tmpdir(), 'berth-e2e-update-'));

test.beforeAll(async () => {
  await sweep();
  registry = await startRegistry();
  reference = `${registry.host}/berth-test/updated:1`;
  await docker('tag', TEST_IMAGE, reference);
  await docker('push', reference);
  await docker('rmi', reference);
  await docker('pull', reference);
  for (const name of names) await docker('run', '-d', '--label', TEST_LABEL_ARG, '--name', name, reference, ...IDLE);
  writeFileSync(join(context, 'Dockerfile'), `FROM ${reference}\nENV BERTH_E2E=2\nRUN echo two > /version\n`);
  newer = await docker('build', '-q', '--label', TEST_LABEL_ARG, '-t', reference, context);
  await docker('push', reference);
  // The tag here back on the image the containers run: the dialog's pull has the new one to fetch.
  await docker('tag', TEST_IMAGE, reference);
});

test.afterAll(async () => {
  await sweep();
  const ours = (ref: string): boolean => ref.startsWith(`${registry.host}/`);
  const tags = (await docker('images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n').filter((t) => ours(t) && !t.endsWith(':<none>'));
  const digests = (await docker('images', '--digests', '--format', '{{.Repository}}@{{.Digest}}')).split('\n').filter((d) => ours(d) && d.includes('@sha256:'));
  await docker('rmi', ...tags, ...digests).catch(() => undefined);
  await docker('rmi', '-f', newer).catch(() => undefined);
  registry?.stop();
  rmSync(context, { recursive: true, force: true });
});

test('Update on a selection pulls once, shows the changes and the layer diff, then recreates both on the new image', async ({ page, berth }) => {
  await page.goto(berth.url);
  const table = page.getByRole('table', { name: 'Containers' });
  // Filtered to this test's two: among many containers a row may be outside the list's window.
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(prefix);
  await table.getByRole('link', { name: names[0], exact: true }).click();
  // The page asked the registry: the tag has moved.
  await expect(page.getByRole('button', { name: `Update ${names[0]}` })).toBeVisible();
  await page.getByRole('link', { name: 'All containers' }).click();
  await page.getByRole('searchbox', { name: 'Filter containers' }).fill(prefix);

  for (const name of names) await table.getByRole('checkbox', { name: `Select ${name}` }).check();
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Update selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Update 2 containers' });
  const move = dialog.getByRole('region', { name: `New image of ${reference}` });
  await expect(move.getByRole('heading')).toContainText(`${reference} for ${names[0]}, ${names[1]}`);
  await expect(move.getByRole('list', { name: `What changes for ${reference}` })).toContainText('environment adds BERTH_E2E=2');
  const diff = move.getByRole('definition');
  await expect(move.getByLabel(`Layer diff of ${reference}`)).toBeVisible();
  await expect(diff.nth(0)).toHaveText('1'); // shared layers: the busybox one
  await expect(diff.nth(2)).toHaveText('1 layer'); // only in the new image: the RUN
  await expect(diff.nth(3)).toHaveText(/^1 \(/); // files added: /version
  await expect(move.getByRole('table', { name: `Largest differing files of ${reference}` }).getByRole('row', { name: /\/version added/ })).toBeVisible();
  // Nothing is recreated before the user says so.
  for (const name of names) expect(await docker('inspect', '--format', '{{.Config.Image}} {{.Image}}', name)).not.toContain(newer);

  await dialog.getByRole('button', { name: 'Recreate 2 containers' }).click();
  const results = dialog.getByRole('table', { name: 'Update results' });
  // Two recreates in turn, each new container watched for UPDATE_MUST_STAY_UP_MS: at least 4 s of the engine's time by design.
  for (const name of names) await expect(results.getByRole('row', { name: new RegExp(`^${name} updated`) })).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByRole('status')).toHaveText('2 of 2 containers updated.');
  for (const name of names) expect(await docker('inspect', '--format', '{{.Image}} {{.State.Running}}', name)).toBe(`${newer} true`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

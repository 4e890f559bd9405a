/**
 * Jobs in a real browser: a pull started from the Images page shows in the
 * Activity list with a bar per layer while it runs (a proxy stalls the
 * registry's answer mid-layer, so the bars are seen on a fact) and ends
 * done; a build from a folder streams its steps' output into the job's log,
 * ends done and makes the tag; one whose RUN fails names the failing step
 * and shows its output, and leaves no tag. Leaving the page stops no job.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE, TEST_LABEL_ARG, docker, sweep, tempTag, uniqueName } from '../support/docker';
import { startGateProxy, type GateProxy } from '../support/gate-proxy';
import { startRegistry, type Registry } from '../support/registry';
import { expect, test } from './fixtures';

let registry: Registry;
let proxy: GateProxy;
let big: string;
let bigId: string;
const folders: string[] = [];

test.beforeAll(async () => {
  await sweep();
  registry = await startRegistry();
  proxy = await startGateProxy(registry.port);
  const maker = uniqueName('e2e-big');
  await docker('run', '--name', maker, '--label', TEST_LABEL_ARG, TEST_IMAGE, 'sh', '-c', 'head -c 6291456 /dev/urandom > /big');
  big = `localhost:${proxy.port}/berth-test/e2e-big:1`;
  bigId = await docker('commit', maker, big);
  await docker('rm', maker);
  await docker('push', big);
  await docker('rmi', big);
});

test.afterAll(async () => {
  await docker('rmi', '-f', bigId).catch(() => undefined);
  await sweep();
  await proxy?.close();
  registry?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status').first()).toContainText('Connected to unix:///var/run/docker.sock');
});

test('a pull from the Images page shows a bar per layer in Activity, goes on while the page is left, and ends done', async ({ page }) => {
  proxy.holdAfter(1_500_000);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Images' }).click();
  await page.getByRole('button', { name: 'Pull an image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull an image' });
  await dialog.getByLabel('Image', { exact: true }).fill(big);
  await dialog.getByRole('button', { name: 'Pull' }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  const job = page.getByRole('listitem', { name: `Pull ${big}` });
  await expect(job.getByLabel(`State of Pull ${big}`)).toHaveText('Running');
  // The random layer stalls mid-download behind the proxy; the busybox one is here already.
  await expect(job.getByRole('progressbar', { name: /^Layer / })).toHaveCount(2);
  const layers = job.getByRole('list', { name: 'Layers' });
  await expect(layers.getByText(/^downloading .* of .*MB$/)).toBeVisible();
  await expect(layers.getByText('already exists', { exact: true })).toBeVisible();
  await expect(job.getByRole('progressbar', { name: 'Pulled in all' })).toBeVisible();

  // Away and back: the job went on in main.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Containers' }).click();
  proxy.release();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Activity' }).click();
  await expect(job.getByLabel(`State of Pull ${big}`)).toHaveText('Done', { timeout: 30_000 });
  await expect(layers.getByText('done', { exact: true })).toBeVisible();
  expect(await docker('image', 'inspect', '--format', '{{.Id}}', big)).toBe(bigId);
  await docker('rmi', big);
});

test('a build from a folder streams its RUN’s output into the job’s log, ends done, and makes the tag', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-build-'));
  folders.push(dir);
  // The output differs from the command (tr upper-cases it), so the log shows what the step printed, not only the step.
  writeFileSync(join(dir, 'Dockerfile'), [`FROM ${TEST_IMAGE}`, 'RUN echo e2e-built-output | tr a-z A-Z', ''].join('\n'));
  const tag = tempTag('e2e-built');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Images' }).click();
  await page.getByRole('button', { name: 'Build an image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Build an image' });
  await dialog.getByLabel('Context folder').fill(dir);
  await dialog.getByLabel('Tags').fill(tag);
  await dialog.getByRole('button', { name: 'Build' }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  const job = page.getByRole('listitem', { name: `Build ${tag}` });
  await expect(job.getByLabel(`State of Build ${tag}`)).toHaveText('Done', { timeout: 30_000 });
  await job.getByText(`Log of Build ${tag}`).click();
  const log = job.getByLabel(`Log of Build ${tag}`, { exact: true });
  await expect(log).toContainText('Step 2/2 : RUN echo e2e-built-output | tr a-z A-Z');
  await expect(log).toContainText('E2E-BUILT-OUTPUT');
  expect(await docker('image', 'inspect', '--format', '{{.Os}}', tag)).toBe('linux');
});

test('a build whose RUN fails names the failing step and shows its output, and leaves no tag', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-build-'));
  folders.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), [`FROM ${TEST_IMAGE}`, 'RUN echo e2e-boom-output && exit 7', ''].join('\n'));
  const tag = tempTag('e2e-build');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Images' }).click();
  await page.getByRole('button', { name: 'Build an image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Build an image' });
  // Browser mode: no system dialog of the machine Berth runs on, the path is typed.
  await expect(dialog.getByRole('button', { name: 'Choose folder…' })).toHaveCount(0);
  await dialog.getByLabel('Context folder').fill(dir);
  await dialog.getByLabel('Tags').fill(tag);
  await dialog.getByLabel('Build arguments').fill('UNUSED=1');
  await dialog.getByRole('button', { name: 'Build' }).click();
  const job = page.getByRole('listitem', { name: `Build ${tag}` });
  await expect(job.getByLabel(`State of Build ${tag}`)).toHaveText('Failed', { timeout: 30_000 });
  const why = job.getByRole('alert', { name: `Why Build ${tag} failed` });
  await expect(why).toContainText('Step 2/2 failed: RUN echo e2e-boom-output && exit 7');
  await expect(why).toContainText('returned a non-zero code: 7');
  await expect(why).toContainText('e2e-boom-output');
  await job.getByText(`Log of Build ${tag}`).click();
  await expect(job.getByLabel(`Log of Build ${tag}`, { exact: true })).toContainText('Step 1/2 : FROM');
  await expect(docker('image', 'inspect', tag)).rejects.toThrow();
});

test('in Electron the build dialog’s Choose folder… fills the context folder with the one the system dialog gave', async ({ page, berth }) => {
  // The Electron binary cannot run here: the page gets the preload's bridge as Electron's preload exposes it
  // (shared/desktop.ts), answering as the system dialog would; main's side is test/unit/folder-picker.test.ts.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'berthDesktop', { value: { pickFolder: async ({ title }: { title: string }) => ({ path: `/picked/for/${title.replaceAll(' ', '-')}` }) } });
  });
  await page.goto(berth.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Images' }).click();
  await page.getByRole('button', { name: 'Build an image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Build an image' });
  await dialog.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(dialog.getByLabel('Context folder')).toHaveValue('/picked/for/Build-context-folder');
});

test('a bad reference is refused in the Pull dialog, with nothing started', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('button', { name: 'Pull an image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull an image' });
  await dialog.getByLabel('Image', { exact: true }).fill('Not A/Reference');
  await dialog.getByRole('button', { name: 'Pull' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Image: an image reference has no spaces');
});

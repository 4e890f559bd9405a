/**
 * The Engine page in Chromium against the real engine: the figures it shows
 * are the ones `docker info` gives, and disk usage is computed on demand and
 * drawn for images, containers, volumes and build cache.
 */
import { TEST_IMAGE, TEST_LABEL_ARG, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('Connected');
  await page.getByRole('link', { name: 'Engine', exact: true }).click();
});

interface CliInfo {
  ServerVersion: string;
  KernelVersion: string;
  NCPU: number;
  Driver: string;
  LoggingDriver: string;
  CgroupDriver: string;
  CgroupVersion: string;
  DefaultRuntime: string;
  RegistryConfig: { InsecureRegistryCIDRs: string[] };
  Swarm: { LocalNodeState: string };
  OSType: string;
  Architecture: string;
}

test('shows the engine’s own figures, as docker info gives them', async ({ page }) => {
  const cli = JSON.parse(await docker('info', '--format', '{{json .}}')) as CliInfo;
  const apiVersion = await docker('version', '--format', '{{.Server.APIVersion}}');
  // The figure beside a term of the facts list.
  const fact = (term: string) => page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Engine')).toContainText(cli.ServerVersion);
  await expect(fact('API version')).toContainText(apiVersion);
  await expect(fact('Kernel')).toHaveText(cli.KernelVersion);
  await expect(fact('CPUs')).toHaveText(String(cli.NCPU));
  await expect(fact('Storage driver')).toContainText(cli.Driver);
  await expect(fact('Logging driver')).toHaveText(cli.LoggingDriver);
  await expect(fact('Cgroup driver')).toHaveText(cli.CgroupDriver);
  await expect(fact('Cgroup version')).toHaveText(cli.CgroupVersion);
  await expect(fact('Runtimes')).toContainText(`default: ${cli.DefaultRuntime}`);
  await expect(fact('Swarm')).toContainText(cli.Swarm.LocalNodeState);
  await expect(page.getByRole('list', { name: 'Insecure registries' })).toContainText(cli.RegistryConfig.InsecureRegistryCIDRs[0]!);
  await expect(page.getByRole('list', { name: 'Security options' })).toContainText('seccomp');
  await expect(page.getByRole('heading', { name: 'Warnings from the engine' })).toBeVisible();
});

test('computes disk usage on demand and draws every kind with its size and what is reclaimable', async ({ page }) => {
  const volume = uniqueName('e2e-du');
  await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
  await docker('run', '--rm', '--label', TEST_LABEL_ARG, '-v', `${volume}:/v`, TEST_IMAGE, 'dd', 'if=/dev/zero', 'of=/v/blob', 'bs=1024', 'count=4096');
  const imageCount = async () => (JSON.parse((await docker('system', 'df', '--format', '{{json .}}')).split('\n')[0]!) as { TotalCount: string }).TotalCount;
  await expect(page.getByText('Not computed yet')).toBeVisible();
  const before = await imageCount();
  await page.getByRole('button', { name: 'Compute disk usage' }).click();
  const table = page.getByRole('table', { name: 'Disk usage' });
  // The engine walks every layer and volume: on a loaded engine with a thousand containers that takes a while.
  await expect(table).toBeVisible({ timeout: 60_000 });
  const after = await imageCount();
  for (const kind of ['Images', 'Containers', 'Local volumes', 'Build cache']) await expect(table.getByRole('row', { name: new RegExp(`^${kind}`) })).toBeVisible();
  // The images row counts what `docker system df` counts (just before or after: other runs share the engine).
  expect([before, after]).toContain(await table.getByRole('row', { name: /^Images/ }).getByRole('cell').first().textContent());
  // The 4 MiB volume is unused: its size counts as reclaimable.
  const volumes = table.getByRole('row', { name: /^Local volumes/ });
  await expect(volumes.getByRole('cell').nth(3)).not.toHaveText(/^0 B/);
  await expect(page.getByRole('button', { name: 'Compute again' })).toBeEnabled();
});

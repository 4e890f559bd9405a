/**
 * Several engines in a real browser: the switcher finds engine B through its
 * docker context, each engine's page shows that engine's containers only,
 * an engine added through the UI shows its containers and takes actions,
 * and removing it forgets it without touching the engine. Every check waits
 * for what an engine or Berth says (a row, a status line), never for time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createContainer, docker, IDLE, sweep, TEST_IMAGE, TEST_LABEL_ARG, uniqueName } from '../support/docker';
import { ENGINE_B_CONTEXT, ENGINE_B_SOCKET, engineCli, engineMissing, socketProxy, sweepEngine, SSH_HOST, SSH_KEYS, TLS_CLIENT_DIR, TLS_HOST } from '../support/engines';
import { startServe } from '../support/serve';
import { expect, test } from './fixtures';

const B_FLAGS = ['--context', ENGINE_B_CONTEXT];
const onB = engineCli('docker', B_FLAGS);

/** `docker create` on engine B, with the test label; returns the full id. */
function createOnB(name: string): Promise<string> {
  return onB('create', '--label', TEST_LABEL_ARG, '--name', name, TEST_IMAGE, ...IDLE);
}

/** Matches text that starts with `prefix`, taken literally. */
const startsWith = (prefix: string) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
const switcher = (page: Page) => page.getByRole('navigation', { name: 'Engine' });
const engineLink = (page: Page, name: string) => switcher(page).getByRole('link', { name, exact: true });
const row = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Containers' }).getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test.skip(engineMissing('b') !== undefined, engineMissing('b'));
// Each test walks several pages of two engines; on a loaded two-core machine that passes 60 s (no check here waits on time).
test.slow();

test.beforeAll(async () => {
  await sweep();
  await sweepEngine(onB);
});
test.afterAll(async () => {
  await sweep();
  await sweepEngine(onB);
});

test.beforeEach(async ({ page, berth }) => {
  await page.goto(berth.url);
  await expect(page.getByRole('status')).toContainText('default: Connected to unix:///var/run/docker.sock');
});

test('the switcher lists every engine with its status, marks the CLI’s choice, and keeps the section when switching', async ({ page }) => {
  const mine = engineLink(page, 'default');
  await expect(mine).toHaveAttribute('aria-current', 'page');
  await expect(mine).toHaveAccessibleDescription('connected, the docker CLI’s current engine');
  // Found through its docker context, not added: Berth says where it comes from and offers no Remove.
  const b = engineLink(page, ENGINE_B_CONTEXT);
  await expect(b).toHaveAccessibleDescription('connected');
  await expect(b).not.toHaveAttribute('aria-current', 'page');

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Images', exact: true }).click();
  await expect(switcher(page).getByRole('link', { name: 'All engines' })).toHaveAttribute('href', '#/all/images');
  await b.click();
  await expect(page).toHaveURL(new RegExp(`#/engines/${ENGINE_B_CONTEXT}/images$`));
  await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  await expect(b).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('status')).toContainText(`${ENGINE_B_CONTEXT}: Connected to ${ENGINE_B_SOCKET} · Docker ${await onB('version', '--format', '{{.Server.Version}}')}`);
  await expect(page.getByText('A docker context: from the docker CLI’s setup, so it cannot be removed here.')).toBeVisible();
  await expect(page.getByRole('button', { name: `Remove engine ${ENGINE_B_CONTEXT}` })).toHaveCount(0);
});

test('a page follows the state of the engine it shows, and of every engine on All engines; the others’ badges come from the engine list', async ({ page, berth }) => {
  /** The engines whose `state` stream the page asked for (a stream that broke is asked for again: a set). */
  const followed = new Set<string>();
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type?: string; name?: string; engine?: string };
      if (message.type === 'listen' && message.name === 'state' && message.engine) followed.add(message.engine);
    }),
  );
  const name = uniqueName('followed');
  await createOnB(name);
  await page.goto(`${berth.url}#/engines/default/containers`);
  await page.reload();
  await expect(page.getByRole('status')).toContainText('default: Connected to unix:///var/run/docker.sock');
  await expect(engineLink(page, ENGINE_B_CONTEXT)).toHaveAccessibleDescription('connected');
  expect([...followed]).toEqual(['default']);

  await engineLink(page, ENGINE_B_CONTEXT).click();
  await expect(row(page, name)).toHaveCount(1);
  expect([...followed]).toEqual(['default', ENGINE_B_CONTEXT]);
  await switcher(page).getByRole('link', { name: 'All engines' }).click();
  await expect(row(page, name)).toHaveCount(1);
  expect([...followed]).toEqual(['default', ENGINE_B_CONTEXT]);
});

test('a container made on engine B with the CLI shows on B’s page only, and a reload of its address lands on it', async ({ page }) => {
  const onlyB = uniqueName('only-b');
  const onlyA = uniqueName('only-a');
  const idB = await createOnB(onlyB);
  await createContainer(onlyA);

  await engineLink(page, ENGINE_B_CONTEXT).click();
  await expect(row(page, onlyB).getByRole('link', { name: onlyB })).toHaveAttribute('href', `#/engines/${ENGINE_B_CONTEXT}/containers/${idB}`);
  await expect(row(page, onlyA)).toHaveCount(0);

  await engineLink(page, 'default').click();
  // A's own container is there, so A's list is in: B's is not in it.
  await expect(row(page, onlyA)).toBeVisible();
  await expect(row(page, onlyB)).toHaveCount(0);

  await engineLink(page, ENGINE_B_CONTEXT).click();
  await row(page, onlyB).getByRole('link', { name: onlyB }).click();
  await expect(page.getByRole('heading', { name: onlyB, level: 1 })).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`#/engines/${ENGINE_B_CONTEXT}/containers/${idB}$`));
  await expect(page.getByRole('heading', { name: onlyB, level: 1 })).toBeVisible();
  await expect(engineLink(page, ENGINE_B_CONTEXT)).toHaveAttribute('aria-current', 'page');
});

test('Add engine: bad input is marked on its field in main’s words, and Test connection shows who answers or why not', async ({ page }) => {
  await page.getByRole('button', { name: 'Add engine…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add engine' });
  const address = dialog.getByLabel('Address');
  await dialog.getByRole('button', { name: 'Add engine' }).click();
  await expect(dialog.getByLabel('Name')).toHaveAccessibleDescription('an engine needs a name');
  await expect(dialog.getByLabel('Name')).toBeFocused();

  await dialog.getByLabel('Name').fill('nowhere');
  await address.fill('http://127.0.0.1:2375');
  await dialog.getByRole('button', { name: 'Add engine' }).click();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(address).toHaveAccessibleDescription(/^an engine address starts with ssh:\/\/, tcp:\/\/, unix:\/\/ or npipe:\/\//);

  // Nobody at this socket: the engine's words, nothing kept.
  await address.fill('unix:///run/berth-test/no-such.sock');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/no-such\.sock/).and(dialog.locator('.error'))).toBeVisible();

  // TLS files appear for a tcp:// address; skipping verification says what it gives away.
  await address.fill(TLS_HOST);
  await dialog.getByLabel('CA certificate file').fill(`${TLS_CLIENT_DIR}/ca.pem`);
  await dialog.getByLabel('Client certificate file').fill(`${TLS_CLIENT_DIR}/cert.pem`);
  await dialog.getByLabel('Client key file').fill('key.pem');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByLabel('Client key file')).toHaveAccessibleDescription('must be an absolute path');
  await dialog.getByLabel('Client key file').fill(`${TLS_CLIENT_DIR}/key.pem`);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const version = await onB('version', '--format', '{{.Server.Version}}');
  const name = await onB('info', '--format', '{{.Name}}');
  await expect(dialog.getByText(`Answered: Docker ${version} on`)).toContainText(`named ${name}`);
  await dialog.getByLabel('Skip certificate verification').check();
  await expect(dialog.getByLabel('Skip certificate verification')).toHaveAccessibleDescription(/Any server can pose as this engine/);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(engineLink(page, 'nowhere')).toHaveCount(0);
});

/** Adds an engine through the dialog and waits for its page. */
async function addEngine(page: Page, name: string, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Add engine…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add engine' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Address').fill(url);
  await dialog.getByRole('button', { name: 'Add engine' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(engineLink(page, name)).toHaveAttribute('aria-current', 'page');
}

/**
 * Resolves when the engine reports `action` for the container (from `since`
 * on): the engine's own word that it happened, however long a loaded
 * machine takes. Returns at once to call before the click that causes it.
 */
function engineEvent(contextFlags: string[], id: string, action: string): Promise<void> {
  const since = (Date.now() / 1000 - 1).toFixed(3);
  const events = spawn('docker', [...contextFlags, 'events', '--since', since, '--filter', `container=${id}`, '--filter', `event=${action}`, '--format', '{{.Action}}'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<void>((resolve, reject) => {
    events.stdout.once('data', () => {
      events.kill();
      resolve();
    });
    events.once('exit', (code) => reject(new Error(`docker events ended (${code}) before the container's ${action}`)));
  });
}

/** Starts a container from its row on the engine page shown; the engine says it started, then the row does. */
async function startFromRow(page: Page, name: string, id: string, contextFlags: string[]): Promise<void> {
  const r = row(page, name);
  await expect(r).toContainText('created');
  const started = engineEvent(contextFlags, id, 'start');
  await r.getByRole('button', { name: `Start ${name}`, exact: true }).click();
  await started;
  await expect(r).toContainText('running');
}

test('an engine added through the UI shows its containers and takes actions; renamed, then removed, it leaves the switcher and the engine keeps everything', async ({ page }) => {
  const added = `added-${uniqueName('b').slice(-8)}`;
  const name = uniqueName('added');
  const id = await createOnB(name);

  // Engine B's socket under another name: a second engine entry for the same daemon.
  await addEngine(page, added, ENGINE_B_SOCKET);
  await expect(page.getByRole('status')).toContainText(`${added}: Connected to ${ENGINE_B_SOCKET}`);
  await startFromRow(page, name, id, B_FLAGS);

  const renamed = `${added}-2`;
  await page.getByRole('button', { name: `Rename engine ${added}` }).click();
  const rename = page.getByRole('dialog', { name: `Rename engine ${added}` });
  await rename.getByLabel('New name').fill(renamed);
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(engineLink(page, renamed)).toHaveAttribute('aria-current', 'page');
  await expect(engineLink(page, added)).toHaveCount(0);

  await page.getByRole('button', { name: `Remove engine ${renamed}` }).click();
  const remove = page.getByRole('dialog', { name: `Remove engine ${renamed}?` });
  await expect(remove).toContainText(`Berth will forget the engine ${renamed} (${ENGINE_B_SOCKET})`);
  await expect(remove).toContainText('Nothing on the engine is touched');
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(remove).toHaveCount(0);
  await expect(engineLink(page, renamed)).toHaveCount(0);
  // Off its page, onto the CLI's engine; the container is still on B, still running.
  await expect(engineLink(page, 'default')).toHaveAttribute('aria-current', 'page');
  expect(await onB('inspect', '--format', '{{.State.Running}}', id)).toBe('true');
});

test('an engine nobody answers at is marked unavailable, with the reason in the engine’s words, and “Retry now” connects it once it answers', async ({ page }) => {
  const gone = `gone-${uniqueName('x').slice(-8)}`;
  // Nobody listens there until the proxy opens, to the main engine.
  const proxy = socketProxy('unix:///var/run/docker.sock');
  try {
    await addEngine(page, gone, proxy.url);
    const said = `Docker engine unavailable at ${proxy.url}: `;
    await expect(engineLink(page, gone)).toHaveAccessibleDescription(startsWith(`unavailable: ${said}`));
    await expect(page.getByText(startsWith(`Unavailable: ${said}`))).toBeVisible();
    const status = page.getByRole('status');
    await expect(status).toContainText(`${gone}: Docker engine unavailable at ${proxy.url}`);
    // The others are untouched by it.
    await expect(engineLink(page, 'default')).toHaveAccessibleDescription(/^connected/);

    await proxy.open();
    await status.getByRole('button', { name: 'Retry now' }).click();
    await expect(status).toContainText(`${gone}: Connected to ${proxy.url}`);
    await expect(engineLink(page, gone)).toHaveAccessibleDescription('connected');

    await page.getByRole('button', { name: `Remove engine ${gone}` }).click();
    await page.getByRole('dialog', { name: `Remove engine ${gone}?` }).getByRole('button', { name: 'Remove' }).click();
    await expect(engineLink(page, gone)).toHaveCount(0);
  } finally {
    await proxy.dispose();
  }
});

// ssh://berth-test@127.0.0.1:2222 runs `docker system dial-stdio` against this machine's main engine, so the
// container is made with the plain docker CLI; ssh reads a config of the test's own (BERTH_SSH_COMMAND).
test('an SSH engine added through the UI shows its containers and starts one', async ({ browser }) => {
  test.skip(engineMissing('ssh') !== undefined, engineMissing('ssh'));
  const folder = mkdtempSync(join(tmpdir(), 'berth-e2e-ssh-'));
  const config = join(folder, 'ssh_config');
  writeFileSync(
    config,
    `Host 127.0.0.1\n  User berth-test\n  Port 2222\n  IdentityFile ${SSH_KEYS.ed25519}\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  BatchMode yes\n`,
  );
  const berth = await startServe({ BERTH_SSH_COMMAND: `ssh -F ${config}` });
  const page = await browser.newPage();
  try {
    const name = uniqueName('ssh');
    const id = await createContainer(name);
    await page.goto(berth.url);
    await addEngine(page, 'over-ssh', SSH_HOST);
    await expect(page.getByRole('status')).toContainText(`over-ssh: Connected to ${SSH_HOST}`, { timeout: 30_000 });
    await startFromRow(page, name, id, []);
    expect(await docker('inspect', '--format', '{{.State.Running}}', id)).toBe('true');
  } finally {
    await page.close();
    await berth.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

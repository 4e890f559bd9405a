/**
 * The Terminal tab in Chromium against the real engine: typing reaches a
 * shell in the container and its output comes back, terminals keep their
 * screens across tab switches, paste works, closing a terminal ends its
 * process in the engine, and a link printed in it opens only once its real
 * address was shown and confirmed.
 */
import type { Page } from '@playwright/test';
import { createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

async function openTerminal(page: Page, url: string, id: string): Promise<void> {
  await page.goto(url.replace('/?', `/?`) + `#/containers/${id}`);
  await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
  await expect(page.getByRole('tab', { name: /^1: sh/ })).toBeVisible();
}

const screen = (page: Page, n: number) => page.getByRole('group', { name: `Terminal ${n}` });

/** Shell processes of Berth's terminals in the container, from the engine. */
async function berthShells(id: string): Promise<number> {
  const top = await docker('top', id, '-o', 'pid,args');
  return top.split('\n').slice(1).filter((line) => /^\s*\d+\s+(sh|ash)\s*$/.test(line)).length;
}

test('types a command and sees its output; switching tabs keeps the screen', async ({ page, berth }) => {
  const name = uniqueName('term-e2e');
  const id = await createContainer(name);
  await docker('start', id);
  await openTerminal(page, berth.url, id);
  await screen(page, 1).click();
  await page.keyboard.type('echo berth-$((6*7))\n');
  await expect(screen(page, 1)).toContainText('berth-42');
  // xterm's generated rules apply, through the CSP-safe stylesheet rather than its blocked <style> elements.
  const rows = screen(page, 1).locator('.xterm-rows');
  await expect(rows).toHaveCSS('color', 'rgb(230, 230, 230)');
  await expect(rows).toHaveCSS('font-size', '13px');

  // Another container tab and back: the same terminal, its output still there.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(screen(page, 1)).toBeHidden();
  await expect(page.getByRole('form', { name: 'Open a terminal' })).toBeHidden();
  await expect(page.getByRole('tablist', { name: 'Terminals' })).toBeHidden();
  await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
  await expect(screen(page, 1)).toContainText('berth-42');

  // A second terminal, then back to the first: both keep their own screens.
  await page.getByRole('button', { name: 'Open shell' }).click();
  await expect(page.getByRole('tab', { name: /^2: sh/ })).toBeVisible();
  await screen(page, 2).click();
  await page.keyboard.type('echo second-$((1+1))\n');
  await expect(screen(page, 2)).toContainText('second-2');
  await page.getByRole('tab', { name: /^1: sh/ }).click();
  await expect(screen(page, 1)).toContainText('berth-42');
  await expect(screen(page, 1)).not.toContainText('second-2');
  await expect.poll(() => berthShells(id)).toBe(2);

  // Closing a terminal ends its shell in the engine.
  await page.getByRole('button', { name: 'Close terminal 2' }).click();
  await expect.poll(() => berthShells(id)).toBe(1);
  await page.getByRole('link', { name: 'All containers' }).click();
  await expect.poll(() => berthShells(id)).toBe(0);
});

test('paste reaches the shell', async ({ page, berth }) => {
  const id = await createContainer(uniqueName('term-paste'));
  await docker('start', id);
  await openTerminal(page, berth.url, id);
  await screen(page, 1).click();
  // What the browser delivers on Ctrl+Shift+V or its menu's Paste: a paste event on xterm's input.
  await page.evaluate(() => {
    const input = document.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea');
    const data = new DataTransfer();
    data.setData('text/plain', 'echo pasted-$((3*3))\n');
    input?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(screen(page, 1)).toContainText('pasted-9');
});

test('says when the shell exits, with its code, and reconnects', async ({ page, berth }) => {
  const id = await createContainer(uniqueName('term-exit'));
  await docker('start', id);
  await openTerminal(page, berth.url, id);
  await screen(page, 1).click();
  await page.keyboard.type('exit 5\n');
  await expect(page.getByRole('status').filter({ hasText: 'The shell exited with code 5.' })).toBeVisible();
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await screen(page, 1).click();
  await page.keyboard.type('echo back-$((5+5))\n');
  await expect(screen(page, 1)).toContainText('back-10');
  await docker('restart', '-t', '0', id);
  await expect(page.getByRole('status').filter({ hasText: /The container (restarted|stopped); this session ended\./ })).toBeVisible();
});

test('a focused terminal at rest leaves the page idle, its cursor still shown', async ({ page, berth }) => {
  const id = await createContainer(uniqueName('term-idle'));
  await docker('start', id);
  await openTerminal(page, berth.url, id);
  await screen(page, 1).click();
  await page.keyboard.type('echo idle-$((2*4))\n');
  await expect(screen(page, 1)).toContainText('idle-8');
  await expect(screen(page, 1).locator('.xterm-cursor')).toHaveCount(1);
  // A blinking cursor is a CSS colour animation Chromium restyles on the main
  // thread every frame; each keystroke's echo then waited behind those frames.
  expect(await page.evaluate(() => document.getAnimations().map((a) => (a instanceof CSSAnimation ? a.animationName : a.id)))).toEqual([]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const styleRecalcs = async (): Promise<number> =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'RecalcStyleCount')?.value ?? 0;
  const before = await styleRecalcs();
  await page.waitForTimeout(1000);
  // At 60 frames a second an animation would add ~60; a live clock ticking once a second adds a few.
  expect((await styleRecalcs()) - before).toBeLessThan(10);
});

/** Every address the browser tried to load off this machine: aborted, so nothing leaves it. */
async function keepOnLoopback(page: Page): Promise<string[]> {
  const offMachine: string[] = [];
  await page.context().route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]') return route.continue();
    offMachine.push(route.request().url());
    return route.abort();
  });
  return offMachine;
}

/** The `exec.openLink` requests the page sends over its socket. */
function watchOpenLinkCalls(page: Page): unknown[] {
  const calls: unknown[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type?: string; name?: string; args?: unknown };
      if (message.type === 'call' && message.name === 'exec.openLink') calls.push(message.args);
    }),
  );
  return calls;
}

/** Clicks the terminal row that shows exactly `text`, once xterm has found the link under the mouse. */
async function clickLinkText(page: Page, text: string): Promise<void> {
  const row = screen(page, 1).locator('.xterm-rows > div').filter({ hasText: new RegExp(`^${text}\\s*$`) });
  // xterm's screen layer takes the mouse over its rows and finds the cell from the position.
  const box = await row.boundingBox();
  if (!box) throw new Error(`no row shows ${text}`);
  const [x, y] = [box.x + 8, box.y + box.height / 2];
  // xterm looks for a link only when the mouse reaches another cell: come from one past the text.
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.move(x, y);
  await expect(screen(page, 1).locator('.xterm-screen')).toHaveClass(/xterm-cursor-pointer/);
  await page.mouse.click(x, y);
}

const LONG = `http://127.0.0.1:9/${'segment-'.repeat(40)}end`;

/** A running container whose terminal shows OSC 8 hyperlinks whose text is not their address. */
async function showLinks(page: Page, url: string): Promise<void> {
  const id = await createContainer(uniqueName('term-link'));
  await docker('start', id);
  // Written to a file first, so the command typed in the terminal holds no address of its own.
  const osc8 = (uri: string, text: string): string => String.raw`\033]8;;` + uri + String.raw`\033\\` + text + String.raw`\033]8;;\033\\\n`;
  await docker('exec', id, 'sh', '-c', `printf '${osc8('http://example.invalid/real', 'label') + osc8(LONG, 'long') + osc8('http://bank.example@evil.invalid/', 'creds')}' > /tmp/links`);
  await openTerminal(page, url, id);
  await screen(page, 1).click();
  await page.keyboard.type('cat /tmp/links\n');
  await expect(screen(page, 1)).toContainText('creds');
}

test('a link in the terminal opens only from a dialog that shows its real address', async ({ page, berth }) => {
  const offMachine = await keepOnLoopback(page);
  const calls = watchOpenLinkCalls(page);
  let windows = 0;
  page.context().on('page', () => void windows++);
  await showLinks(page, berth.url);

  // The real address, not the label; Cancel sends nothing.
  await clickLinkText(page, 'label');
  const dialog = page.getByRole('dialog', { name: 'Open this link?' });
  await expect(dialog.getByText('http://example.invalid/real', { exact: true })).toBeVisible();
  await expect(dialog.getByText('example.invalid', { exact: true })).toBeVisible();
  await expect(dialog).not.toContainText('label');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Open link: main gets what the dialog showed, and the page opens exactly that address in a new window.
  // One call and one window in all: the Cancel above sent none.
  await clickLinkText(page, 'label');
  const popup = page.context().waitForEvent('page');
  await dialog.getByRole('button', { name: 'Open link' }).click();
  await (await popup).close();
  await expect(dialog).toBeHidden();
  await expect.poll(() => offMachine).toEqual(['http://example.invalid/real']);
  expect(calls).toEqual([{ url: 'http://example.invalid/real', confirmed: 'http://example.invalid/real' }]);
  expect(windows).toBe(1);
});

test('a long link shows whole, wrapped; one with user:password@ cannot be opened', async ({ page, berth }) => {
  await showLinks(page, berth.url);
  await clickLinkText(page, 'long');
  const dialog = page.getByRole('dialog', { name: 'Open this link?' });
  const address = dialog.getByText(LONG, { exact: true });
  await expect(address).toBeVisible();
  expect(await address.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().height > 40)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // user:password@ can disguise the host ("bank.example@evil.invalid" goes to evil.invalid).
  await clickLinkText(page, 'creds');
  const refused = page.getByRole('dialog', { name: 'This link will not open' });
  await expect(refused).toContainText('user name or password');
  await expect(refused.getByRole('button', { name: 'Open link' })).toHaveCount(0);
  await refused.getByRole('button', { name: 'Close' }).click();
  await expect(refused).toBeHidden();
});

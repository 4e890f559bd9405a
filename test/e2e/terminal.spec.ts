/**
 * The Terminal tab in Chromium against the real engine: typing reaches a
 * shell in the container and its output comes back, terminals keep their
 * screens across tab switches, paste works, and closing a terminal ends its
 * process in the engine.
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

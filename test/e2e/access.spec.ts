/** Browser mode's socket refuses anyone without the session token. */
import { expect, test } from './fixtures';

test('no token, no access', async ({ page, berth }) => {
  // The page's files hold no secret, so they load; without the token the page says how to open Berth, and its socket refuses.
  const response = await page.goto(`${berth.origin}/`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('alert')).toHaveText('Open Berth with the address it printed, including ?token=…');
  const outcome = await page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(target);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `ws://127.0.0.1:${berth.port}/ws`,
  );
  expect(outcome).toBe('refused');
});

test('a page on another port cannot open Berth\'s socket', async ({ page, berth }) => {
  // A page served elsewhere on 127.0.0.1 (a container's published port, say) tries the socket, token and all.
  await page.goto('about:blank');
  const outcome = await page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(target);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `ws://127.0.0.1:${berth.port}/ws?token=${berth.token}`,
  );
  expect(outcome).toBe('refused');
});

test('every view runs under the content security policy', async ({ page, berth }) => {
  // The page fixture fails the test on any CSP violation (zod's eval probe was one, on every launch).
  await page.goto(berth.url);
  await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
  for (const view of ['Images', 'Volumes', 'Networks', 'Engine', 'Containers']) {
    await page.getByRole('link', { name: view, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
  }
});

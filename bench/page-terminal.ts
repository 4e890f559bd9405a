/**
 * A terminal in a page of Berth's, timed key by key: keydown → the echo's
 * output frame arriving on the page's WebSocket, and → xterm.js painting it.
 * For the terminal suite and for the terminal kept open on engine B meanwhile
 * a storm runs on engine A.
 */
import type { Page } from 'playwright-core';

export interface PageTerminal {
  /** Presses `key` in the terminal; resolves once its echo is on screen. */
  press(key: string): Promise<{ ws: number; dom: number }>;
}

/** Opens the container page at `url` in `page` (fresh: the timing hooks go in before its script), then its Terminal tab. */
export async function openPageTerminal(page: Page, url: string): Promise<PageTerminal> {
  // Arrival of output frames on the page's WebSocket, timed in the page.
  await page.addInitScript({
    content: `(() => {
      const Native = window.WebSocket;
      window.__frames = [];
      window.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', (e) => {
            if (typeof e.data === 'string' && e.data.includes('"type":"output"')) window.__frames.push(performance.now());
          });
        }
      };
      window.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
    })();`,
  });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
  const screen = page.getByRole('group', { name: 'Terminal 1' });
  await screen.click();
  await page.keyboard.type('echo ready-$((1+1))\n');
  await screen.getByText('ready-2').waitFor();
  return {
    press: async (key) => {
      await page.evaluate(() => {
        const w = window as unknown as { __frames: number[]; __text: string };
        w.__frames.length = 0;
        w.__text = document.querySelector('.xterm-rows')?.textContent ?? '';
      });
      await page.keyboard.press(key);
      return page.evaluate(
        () =>
          new Promise<{ ws: number; dom: number }>((resolve) => {
            const w = window as unknown as { __frames: number[]; __t0: number; __text: string };
            const check = () => {
              const text = document.querySelector('.xterm-rows')?.textContent ?? '';
              if (w.__frames.length > 0 && text !== w.__text) {
                resolve({ ws: (w.__frames[0] ?? 0) - w.__t0, dom: performance.now() - w.__t0 });
                return true;
              }
              return false;
            };
            if (check()) return;
            const observer = new MutationObserver(() => check() && observer.disconnect());
            observer.observe(document.querySelector('.xterm-rows') ?? document.body, { subtree: true, childList: true, characterData: true });
          }),
      );
    },
  };
}

/**
 * What the suites read in a page of Berth's: when a Containers table holds
 * its rows, when rows show a state, the filter box. Times are wall-clock
 * (`performance.timeOrigin + performance.now()`), comparable with `now()`.
 */
import type { Container } from 'dockerode';
import type { Page } from 'playwright-core';
import { now } from './context';
import type { RawEvents } from './raw-events';

/**
 * Resolves with the time at which the page's table named `table` (the
 * Containers table unless said) holds at least `count` rows. On a shared engine others add and remove containers: a row
 * more is allowed by "at least", and each removal `events` (the engine's raw
 * event stream) sees meanwhile is one row fewer to wait for.
 */
export async function tableHolds(page: Page, count: number, events?: RawEvents, table = 'Containers'): Promise<number> {
  await page.evaluate((want) => void ((window as unknown as { __berthWant: number }).__berthWant = want), count);
  const lower = () => void page.evaluate(() => void (window as unknown as { __berthWant: number }).__berthWant--).catch(() => undefined);
  const stop = events?.on('destroy', lower);
  try {
    const handle = await page.waitForFunction(
      (label) => {
        const table = document.querySelector(`[role="table"][aria-label="${label}"]`);
        const rows = Number(table?.getAttribute('aria-rowcount') ?? 0) - 1;
        return rows >= (window as unknown as { __berthWant: number }).__berthWant && performance.timeOrigin + performance.now();
      },
      table,
      { polling: 'raf', timeout: 120_000 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    stop?.();
  }
}

/** In the page: a promise (kept on window) resolving when every row named by id shows `state`. */
export async function armStateWatch(page: Page, ids: string[], state: string): Promise<void> {
  await page.evaluate(
    ({ ids, state }) => {
      const w = window as unknown as { __berthWatch?: Promise<number> };
      w.__berthWatch = new Promise<number>((resolve) => {
        const done = () =>
          ids.every((id) => document.querySelector(`[data-row-id="${id}"] .cell-state`)?.textContent?.trim() === state);
        if (done()) return resolve(performance.timeOrigin + performance.now());
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
    { ids, state },
  );
}

export async function stateWatched(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __berthWatch: Promise<number> }).__berthWatch);
}

export async function setFilter(page: Page, text: string, box = 'Filter containers'): Promise<void> {
  await page.getByRole('searchbox', { name: box }).fill(text);
}

/**
 * Six keystrokes into the filter box named `box`, each timed in the page from
 * the input event to the table named `table` changing its row count; they
 * alternate between `text` and an empty box. Playwright's own typing is left
 * out: its round trips would be most of the figure.
 */
export async function filterKeystrokes(page: Page, text: string, box = 'Filter containers', table = 'Containers'): Promise<number[]> {
  await setFilter(page, '', box);
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    times.push(
      await page.evaluate(
        async ({ text, box, table }) => {
          const input = document.querySelector<HTMLInputElement>(`input[type="search"][placeholder="${box}"]`);
          if (!input) throw new Error(`no filter box named ${box}`);
          const count = () => document.querySelector(`[role="table"][aria-label="${table}"]`)?.getAttribute('aria-rowcount');
          const before = count();
          // React listens to the native value setter, not to assignments.
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
          const t0 = performance.now();
          setValue?.call(input, input.value ? '' : text);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          while (count() === before) {
            if (performance.now() - t0 > 10_000) throw new Error('filtering changed nothing within 10 s');
            await new Promise((r) => setTimeout(r, 0));
          }
          return performance.now() - t0;
        },
        { text, box, table },
      ),
    );
  }
  await setFilter(page, '', box);
  return times;
}

/** Waits until the page has painted twice and nothing is pending, so a measurement starts from rest. */
export async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(500);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * One event, timed: starts the container, then stops it again (untimed).
 * Returns ms from the start call returning to its row showing "running" in
 * `page` (whose table must show that row), and to the raw stream's event.
 */
export async function oneEventToRow(page: Page, raw: RawEvents, container: Container): Promise<{ berth: number; raw: number }> {
  await armStateWatch(page, [container.id], 'running');
  const rawArrival = raw.next(container.id, 'start');
  await container.start();
  const returned = now();
  const [shown, arrived] = await Promise.all([stateWatched(page), rawArrival]);
  await armStateWatch(page, [container.id], 'exited');
  await container.stop({ t: 0 });
  await stateWatched(page);
  return { berth: shown - returned, raw: arrived - returned };
}

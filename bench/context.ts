/**
 * What every benchmark suite gets from `bench/run.ts`: the engine, a browser,
 * a way to start browser mode, and the table its rows go into. A suite lives
 * in its own file (`bench/<suite>.ts`) and makes and removes what it needs,
 * labelled BENCH_LABEL.
 */
import type Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import type { Row } from './report';

export interface BenchContext {
  docker: Docker;
  browser: Browser;
  /** Repetitions for figures taken more than once (--repeat). */
  repeat: number;
  rows: Row[];
  log(line: string): void;
}

/** Wall-clock milliseconds, comparable with `performance.timeOrigin + performance.now()` in a page. */
export const now = (): number => performance.timeOrigin + performance.now();

/** A new page as the suites want it: a desktop-sized window, and errors logged. */
export async function openPage(context: BenchContext): Promise<Page> {
  const page = await context.browser.newPage({ viewport: { width: 1400, height: 900 } });
  // tsx keeps function names with a `__name` helper that page functions would otherwise lack.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  page.on('crash', () => context.log('the page crashed'));
  page.on('pageerror', (error) => context.log(`page error: ${error.message}`));
  return page;
}

/** In the page: from now on, collect every long task (over 50 ms) the page runs. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

/** The longest task collected since `watchLongTasks`, or 0. */
export async function longestTask(page: Page): Promise<number> {
  return Math.max(0, ...(await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks)));
}

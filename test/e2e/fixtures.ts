/**
 * One browser-mode server per test file, against the real engine, and the
 * docker CLI to change things behind its back.
 */
import { test as base, expect } from '@playwright/test';
import { startServe, type RunningBerth } from '../support/serve';

/** Collects the page's CSP violations; each test's page must end with none. */
const WATCH_CSP = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + e.sample));`;

export const test = base.extend<object, { berth: RunningBerth }>({
  page: async ({ page }, use) => {
    await page.addInitScript({ content: WATCH_CSP });
    await use(page);
    // A blocked eval or inline style shows as a console error on every use, and the code that expected it does less than it should.
    const violations = page.isClosed()
      ? []
      : await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => []);
    expect(violations, 'CSP violations').toEqual([]);
  },
  berth: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const berth = await startServe();
      await use(berth);
      await berth.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect };

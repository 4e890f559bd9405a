/**
 * One browser-mode server per test file, against the real engine, and the
 * docker CLI to change things behind its back.
 */
import { test as base, expect } from '@playwright/test';
import { startServe, type RunningBerth } from '../support/serve';

export const test = base.extend<object, { berth: RunningBerth }>({
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

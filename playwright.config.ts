import { randomUUID } from 'node:crypto';
import { defineConfig } from '@playwright/test';

// One id per run, set before the workers start (they inherit it) so that they all label, and sweep, the same run's objects (test/support/docker.ts).
process.env.BERTH_TEST_RUN ??= randomUUID().slice(0, 8);

// End-to-end tests drive Debian's Chromium (no browser is downloaded) against
// browser mode; each test file starts `node out/main/serve.js` itself.
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  use: {
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});

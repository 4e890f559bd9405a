import { randomUUID } from 'node:crypto';
import { defineConfig } from 'vitest/config';

// One id per run, set before the workers start so that they all label, and sweep, the same run's objects (test/support/docker.ts).
process.env.BERTH_TEST_RUN ??= randomUUID().slice(0, 8);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One engine: files run one after another so restarts and counts don't collide.
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Explicit reporters: vitest picks a minimal reporter by itself when it sees an agent or CI environment, and the
    // closing `N passed, N failed, N skipped` line must be there whatever the environment.
    reporters: ['default', './test/plain-summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // A bound only a hang exceeds: many tests start the command line as a user does, and on a busy machine that
          // takes seconds. How fast it answers is measured by `npm run bench:cli`, not asserted here.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The engine must answer and the offline bases exist before any file runs (built once, reused after).
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

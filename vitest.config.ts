import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Explicit reporters: vitest picks a minimal reporter by itself when it sees an agent or CI environment, and the
    // closing `N passed, N failed, N skipped` line must be there whatever the environment.
    reporters: ['default', './test/plain-summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
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

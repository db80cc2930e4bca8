import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Explicit reporters: vitest may otherwise pick a minimal one from the environment (ENGINE-NOTES §4.1).
    reporters: ['default', './test/plain-summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

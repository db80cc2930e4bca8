/**
 * The Podman end-to-end test, kept out of `npm test` (whose engine list is Docker's). Run it against an engine that
 * scripts/engine.sh brings up:
 *   sh scripts/engine.sh up podman-5 pm && sh scripts/engine.sh run pm -- npx vitest run --config test/podman/vitest.config.ts
 *   sh scripts/engine.sh down pm
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/podman/**/*.test.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // The first run builds the offline bases (a few minutes); the core seven then build with Buildah, packages
    // downloaded from Debian's mirror included: a bound only a hang exceeds, on a busy machine too.
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
    fileParallelism: false,
  },
});

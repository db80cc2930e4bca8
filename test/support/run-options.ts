/** RunOptions for tests: the project's own variants and app, a fresh temp output folder, small counts. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { APP_DIR, CLAIMS_FILE, VARIANTS_DIR } from '../../src/paths.js';
import type { RunOptions } from '../../src/run/options.js';

export async function testRunOptions(overrides: Partial<RunOptions> = {}): Promise<RunOptions> {
  return {
    profile: 'local',
    variants: null,
    variantsDir: VARIANTS_DIR,
    appDir: APP_DIR,
    claimsFile: CLAIMS_FILE,
    out: await mkdtemp(path.join(os.tmpdir(), 'imagediet-test-')),
    builder: 'buildkit',
    metrics: ['size'],
    rebuildBases: false,
    runs: { build: 1, pull: 3, startup: 3 },
    registry: null,
    params: {},
    shard: null,
    buildTimeoutMs: 15 * 60_000,
    smokeTimeoutMs: 30_000,
    ...overrides,
  };
}

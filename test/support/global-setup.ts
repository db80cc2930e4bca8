/**
 * Global setup of the integration tests: the engine must answer, and the offline bases the suite builds FROM are
 * made once, through the harness's own ensureBases, before any test file runs. A file run alone gets the same bases,
 * so no test depends on what another file left behind. A missing engine fails the run with one line; it never skips.
 */
import { ensureBasesPerGo } from '../../src/bases/index.js';
import { createDockerEngine } from '../../src/engine/docker-engine.js';
import { oneLine } from '../../src/errors.js';
import { localProfile } from '../../src/profiles/local.js';

/** Every base the integration tests use: the core, published and teaching variants, and the Go 1.22 sweep point. */
const BASES = new Map<string, string[]>([
  [
    localProfile.defaultGoVersion,
    ['debian-slim', 'golang-slim', 'busybox', 'upx', 'debian-full', 'golang-full', 'distroless'],
  ],
  ['1.22', ['golang-slim']],
]);

export default async function setup(): Promise<void> {
  const engine = createDockerEngine();
  const where = process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : 'the default Docker socket';
  try {
    await engine.describe('buildkit', AbortSignal.timeout(30_000));
  } catch (err) {
    throw new Error(`integration tests: no Docker engine answers at ${where}: ${oneLine(err)} (npm test starts one)`);
  }
  const t0 = performance.now();
  const records = await ensureBasesPerGo(engine, BASES, { rebuild: false, runId: `test-bases-${Date.now()}` });
  const built = records.filter((r) => r.builtNow).map((r) => r.ref);
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  process.stdout.write(
    `integration: bases ready in ${s} s (${built.length} built${built.length ? `: ${built.join(', ')}` : ''}; ${records.length - built.length} reused) on ${where}\n`,
  );
}

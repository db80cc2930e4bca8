/** Whether a real engine answers. In CI a missing engine is a failure, never a silent skip. */
import { createDockerEngine } from '../../src/engine/docker-engine.js';

export const engine = createDockerEngine();
export const engineUp = await engine.describe('buildkit').then(
  () => true,
  () => false,
);
if (!engineUp && process.env.CI) {
  throw new Error('CI: no Docker engine answers; .ci/run must start one (scripts/engine-up.sh)');
}

/**
 * The engine the integration tests use (DOCKER_HOST honoured). The global setup has already checked that it answers
 * and prepared the bases, so a test never skips for want of an engine: it fails, with the setup's one-line reason.
 */
import { createDockerEngine } from '../../src/engine/docker-engine.js';

export const engine = createDockerEngine();

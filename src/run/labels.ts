/** The labels moved to src/engine/labels.ts, below measure and bases; this re-export serves the integration tests. */
export * from '../engine/labels.js';

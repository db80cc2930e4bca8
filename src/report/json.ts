/** JSON reporter: the whole RunResult, raw samples included, as results.json holds it. */
import type { RunResult } from '../types.js';

/** The version of results.json this harness writes; src/results/read-results.ts reads it and every older one. */
export const RESULTS_SCHEMA_VERSION = 2;

/** Render a run as pretty JSON (2-space indent) ending with a newline, its schema version last. */
export function renderJson(result: RunResult): string {
  return `${JSON.stringify({ ...result, schemaVersion: RESULTS_SCHEMA_VERSION }, null, 2)}\n`;
}

/** JSON reporter: the whole RunResult, raw samples included, as results.json holds it. */
import type { RunResult } from '../types.js';

/** Render a run as pretty JSON (2-space indent) ending with a newline. */
export function renderJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** baseline.json: a saved run the trend compares against (`--baseline saved`), committed next to the history. */

import { join } from 'node:path';
import { z } from 'zod';
import { readUserFile } from '../files/user-file.js';
import { writeAtomic } from '../report/writer.js';
import { LATER_COLUMNS, MEASUREMENT_COLUMNS, type Measurement } from '../types.js';
import { runIds } from './compute-trend.js';

export const BASELINE_FILE = 'baseline.json';

/** Columns a baseline.json saved before them lacks: read as null. */
const LATER = new Set<string>(LATER_COLUMNS);
const cell = z.union([z.string(), z.number(), z.null()]);
const rowSchema = z.looseObject(
  Object.fromEntries(MEASUREMENT_COLUMNS.map((c) => [c, LATER.has(c) ? cell.default(null) : cell])),
);
const fileSchema = z.object({ runId: z.string().min(1), savedAt: z.string(), rows: z.array(rowSchema).min(1) });

/** Rows of the saved baseline, or null when there is none; a file that does not parse throws a one-line error. */
export async function loadBaseline(outDir: string): Promise<Measurement[] | null> {
  const file = join(outDir, BASELINE_FILE);
  const text = await readUserFile(file);
  if (text === null) return null;
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(text));
  } catch (err) {
    const why = err instanceof z.ZodError ? err.issues[0]?.message : (err as Error).message;
    throw new Error(`${file} does not parse (${why}); save it again with npm run baseline`);
  }
  return parsed.rows as unknown as Measurement[];
}

/** Save run `runId` (default: the latest) from the history as the baseline; returns the run id saved. */
export async function saveBaseline(outDir: string, history: Measurement[], runId: string | null): Promise<string> {
  const ids = runIds(history);
  const chosen = runId ?? ids.at(-1);
  if (!chosen) throw new Error(`${join(outDir, 'history.csv')} holds no run yet; run the bench first (npm run bench)`);
  if (!ids.includes(chosen))
    throw new Error(`run "${runId}" is not in the history; pick one of: ${ids.slice(-5).join(', ')}`);
  const rows = history.filter((m) => m.run_id === chosen);
  const text = `${JSON.stringify({ runId: chosen, savedAt: new Date().toISOString(), rows }, null, 2)}\n`;
  await writeAtomic(join(outDir, BASELINE_FILE), text);
  return chosen;
}

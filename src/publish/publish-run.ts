/** What a run (or merge, or `imagediet report`) leaves in its folder, through the output stage's one table and writer. */
import { appendHistory, historyPath, readHistory } from '../history/history-file.js';
import { OUTPUTS, PROGRESS_OUTPUTS, viewOf } from '../report/outputs.js';
import { writeOutputs } from '../report/writer.js';
import type { RunResult } from '../types.js';

/**
 * With `appendToHistory`, the run's one locked history append first; then every output of the table, rendered from
 * one view of the run (the charts read the history). results.* are written here once. Returns the paths written.
 * Callers check the history parses before they measure or merge, so a failed append here is rare; they report it.
 */
export async function publishRun(
  out: string,
  result: RunResult,
  opts: { appendToHistory: boolean },
): Promise<string[]> {
  const appended = opts.appendToHistory && (await appendHistory(out, result.measurements));
  const history = await readHistory(out);
  const written = await writeOutputs(out, viewOf(result, history), OUTPUTS);
  return appended ? [historyPath(out), ...written] : written;
}

/** The outputs rewritten while a run goes on (results.csv, .json, .md), so an interrupted run keeps what it measured. */
export function publishProgress(out: string, result: RunResult): Promise<string[]> {
  return writeOutputs(out, viewOf(result), PROGRESS_OUTPUTS);
}

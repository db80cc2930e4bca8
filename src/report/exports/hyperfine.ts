/**
 * One timed metric as hyperfine's JSON export: `results[]`, one per variant, with `command`, `mean`, `stddev`,
 * `median`, `min`, `max` and every raw sample in `times`, all in seconds, so hyperfine's own scripts
 * (advanced_statistics.py, welch_ttest.py, plot_whisker.py) run on it unchanged. The statistics are the row's own.
 */
import type { RunView } from '../view/run-view.js';
import { benchmarkName, exportRows, paramsMap, round, samplesOf } from './export-rows.js';

/** One result as hyperfine writes it (`user` and `system` are not measured here, so they are left out). */
interface HyperfineResult {
  command: string;
  mean: number;
  stddev: number | null;
  median: number;
  min: number;
  max: number;
  times: number[];
  exit_codes: number[];
  parameters?: Record<string, string>;
}

const seconds = (ms: number): number => round(ms / 1000, 9);

/**
 * The export of `metric`: every variant whose cell kept its raw samples (a variant that shares another's image has
 * that one's figures, not samples of its own, and is left out). Null when there is none.
 */
export function renderHyperfine(view: RunView, metric: string): string | null {
  const results: HyperfineResult[] = exportRows(view.result).flatMap(({ row, def }) => {
    const times = row.metric === metric && def.kind === 'timed' ? samplesOf(view.result, row) : null;
    if (!times) return [];
    return [
      {
        command: benchmarkName(row),
        mean: seconds(row.mean ?? row.value),
        stddev: times.length > 1 && row.sd !== null ? seconds(row.sd) : null,
        median: seconds(row.median ?? row.value),
        min: seconds(row.min ?? row.value),
        max: seconds(row.max ?? row.value),
        times: times.map(seconds),
        // A sample that failed ends its cell as failed: every sample of an ok cell succeeded.
        exit_codes: times.map(() => 0),
        ...(row.params ? { parameters: paramsMap(row.params) } : {}),
      },
    ];
  });
  return results.length === 0 ? null : `${JSON.stringify({ results }, null, 2)}\n`;
}

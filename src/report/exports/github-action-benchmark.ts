/**
 * github-action-benchmark's custom formats: `customSmallerIsBetter` and `customBiggerIsBetter` are each a JSON array
 * of `{ name, unit, value, range, extra }`, one file per direction, split by the catalogue's `better`.
 */
import type { RunView } from '../view/run-view.js';
import { benchmarkName, exportRows, margin, round } from './export-rows.js';

/** One benchmark as the action reads it. */
interface ActionBenchmark {
  name: string;
  unit: string;
  value: number;
  /** `± 12.5`: the wider side of the median's 95% interval, in the unit; absent for exact values. */
  range?: string;
  extra: string;
}

/** The array for `customSmallerIsBetter` (`lower`) or `customBiggerIsBetter` (`higher`); null when it would be empty. */
export function renderBenchmarkAction(view: RunView, better: 'lower' | 'higher'): string | null {
  const benches: ActionBenchmark[] = exportRows(view.result)
    .filter(({ def }) => def.better === better)
    .map(({ row, def }) => {
      const m = margin(row);
      const n = row.samples === null ? '' : `; n=${row.samples}`;
      return {
        name: `${benchmarkName(row)} ${row.metric}`,
        unit: row.unit,
        value: round(row.value),
        ...(m === null ? {} : { range: `± ${round(m, 3)}` }),
        extra: `${def.label}${def.kind === 'timed' ? ' (median)' : ''}${n}; run ${row.run_id}`,
      };
    });
  // The action fails on an empty array ("No benchmark result was found"): no file is better than that.
  return benches.length === 0 ? null : `${JSON.stringify(benches, null, 2)}\n`;
}

/**
 * Bencher Metric Format (BMF): `{ benchmark: { measure: { value, lower_value, upper_value } } }`. A benchmark is a
 * variant (with its sweep params), a measure a metric, in the metric's own unit; the bounds are the median's 95%
 * confidence interval where the row has one.
 */
import type { RunView } from '../view/run-view.js';
import { benchmarkName, exportRows, round } from './export-rows.js';

/** One measure's values. */
interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** The run as BMF JSON; null when nothing was measured. */
export function renderBencher(view: RunView): string | null {
  const bmf: Record<string, Record<string, BmfMetric>> = {};
  for (const { row } of exportRows(view.result)) {
    const name = benchmarkName(row);
    const measures = bmf[name] ?? {};
    bmf[name] = measures;
    measures[row.metric] = {
      value: round(row.value),
      ...(row.ci_low === null || row.ci_high === null
        ? {}
        : { lower_value: round(row.ci_low), upper_value: round(row.ci_high) }),
    };
  }
  return Object.keys(bmf).length === 0 ? null : `${JSON.stringify(bmf, null, 2)}\n`;
}

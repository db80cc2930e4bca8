/** Every raw sample as one CSV row (tidy data): run, variant, params, metric, index (from 1), value and its unit. */
import { stringify } from 'csv-stringify/sync';
import { formatCsvNumber } from '../format/csv.js';
import type { RunView } from '../view/run-view.js';
import { samplesOf } from './export-rows.js';

const COLUMNS = ['run', 'variant', 'params', 'metric', 'index', 'value', 'unit'] as const;

/** The samples of every timed cell that kept them, in the run's row order; null when the run kept none. */
export function renderTidySamples(view: RunView): string | null {
  const records = view.result.measurements.flatMap((row) =>
    (samplesOf(view.result, row) ?? []).map((value, i) => ({
      run: row.run_id,
      variant: row.variant,
      params: row.params,
      metric: row.metric,
      index: i + 1,
      value,
      unit: row.unit,
    })),
  );
  if (records.length === 0) return null;
  return stringify(records, { header: true, columns: [...COLUMNS], cast: { number: formatCsvNumber } });
}

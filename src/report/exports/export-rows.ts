/** What the exports share: the rows worth exporting, each benchmark's name, and a row's raw samples. */
import { type MetricDef, metricDef } from '../../metrics/catalogue.js';
import { type Measurement, type RunResult, samplesKey } from '../../types.js';

/** An ok row with a finite value, and its catalogue definition. */
export interface ExportRow {
  row: Measurement & { value: number };
  def: MetricDef;
}

/**
 * The rows an export carries: measured (status ok, a finite value) and known to the catalogue; the smoke test's
 * pass/fail is no benchmark. In the run's row order.
 */
export function exportRows(result: RunResult): ExportRow[] {
  return result.measurements.flatMap((row) => {
    const def = metricDef(row.metric);
    if (!def || def.unit === 'pass' || row.status !== 'ok' || row.value === null || !Number.isFinite(row.value))
      return [];
    return [{ row: row as Measurement & { value: number }, def }];
  });
}

/** The variant as a benchmark is named: `scratch`, or `scratch (goVersion=1.22)` for a sweep point. */
export function benchmarkName(row: Pick<Measurement, 'variant' | 'params'>): string {
  return row.params ? `${row.variant} (${row.params})` : row.variant;
}

/** The wider side of the median's confidence interval, in the row's unit; null without an interval. */
export function margin(row: Measurement & { value: number }): number | null {
  if (row.ci_low === null || row.ci_high === null) return null;
  return Math.max(row.ci_high - row.value, row.value - row.ci_low);
}

/** The raw samples of a timed row, in the order measured; null when the run kept none for it (e.g. a shared image). */
export function samplesOf(result: RunResult, row: Measurement): number[] | null {
  const samples = result.samples[samplesKey(row)];
  return samples && samples.length > 0 ? samples : null;
}

/** `goVersion=1.22;trimpath=true` as a map, for formats that carry parameters apart. */
export function paramsMap(params: string): Record<string, string> {
  return Object.fromEntries(
    params
      .split(';')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

/** A number rounded to at most `digits` decimals, without float noise. */
export function round(n: number, digits = 6): number {
  return Number(n.toFixed(digits));
}

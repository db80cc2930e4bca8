/** Pivot long-format rows into one row per variant × params, the shape a person reads. */
import type { Measurement, RunResult, VariantRecord } from '../types.js';

/** One table row: a variant (with its sweep params), its report if the run has one, and its cells by metric. */
export interface PivotRow {
  variant: string;
  params: string;
  report: VariantRecord | null;
  cells: ReadonlyMap<string, Measurement>;
}

const keyOf = (variant: string, params: string): string => `${variant}\u0000${params}`;

/** Rows in `result.variants` order; variants that only appear in measurements follow, in first-seen order. */
export function pivotByVariant(result: RunResult): PivotRow[] {
  const rows = new Map<
    string,
    { variant: string; params: string; report: VariantRecord | null; cells: Map<string, Measurement> }
  >();
  for (const report of result.variants) {
    const key = keyOf(report.variant, report.params);
    if (!rows.has(key)) rows.set(key, { variant: report.variant, params: report.params, report, cells: new Map() });
  }
  for (const m of result.measurements) {
    const key = keyOf(m.variant, m.params);
    let row = rows.get(key);
    if (!row) {
      // A row without a report must still show: dropping measured data silently would hide it.
      row = { variant: m.variant, params: m.params, report: null, cells: new Map() };
      rows.set(key, row);
    }
    if (!row.cells.has(m.metric)) row.cells.set(m.metric, m);
  }
  return [...rows.values()];
}

/** Every metric name that has at least one row, whatever its status. */
export function metricsPresent(measurements: readonly Measurement[]): ReadonlySet<string> {
  return new Set(measurements.map((m) => m.metric));
}

/** Pivot long-format rows into one row per variant × params, the shape a person reads. */
import { type Measurement, type RunResult, type Status, UNORDERED, type VariantRecord } from '../../types.js';

/**
 * One table row: a variant (with its sweep params), its record, and its cells by metric. A run that holds rows but no
 * record for a variant (a hand-edited or foreign file) gets a record read from those rows.
 */
export interface PivotRow {
  variant: string;
  params: string;
  record: VariantRecord;
  cells: ReadonlyMap<string, Measurement>;
}

const keyOf = (variant: string, params: string): string => `${variant}\u0000${params}`;

/** Rows in `result.variants` order; variants that only appear in measurements follow, in first-seen order. */
export function pivotByVariant(result: RunResult): PivotRow[] {
  const rows = new Map<
    string,
    { variant: string; params: string; record: VariantRecord | null; cells: Map<string, Measurement> }
  >();
  for (const record of result.variants) {
    const key = keyOf(record.variant, record.params);
    if (!rows.has(key)) rows.set(key, { variant: record.variant, params: record.params, record, cells: new Map() });
  }
  for (const m of result.measurements) {
    const key = keyOf(m.variant, m.params);
    let row = rows.get(key);
    if (!row) {
      // A row without a record must still show: dropping measured data silently would hide it.
      row = { variant: m.variant, params: m.params, record: null, cells: new Map() };
      rows.set(key, row);
    }
    if (!row.cells.has(m.metric)) row.cells.set(m.metric, m);
  }
  return [...rows.values()].map(({ record, ...row }) => ({
    ...row,
    record: record ?? recordFromCells(row.variant, row.params, row.cells),
  }));
}

/** Every metric name that has at least one row, whatever its status. */
export function metricsPresent(measurements: readonly Measurement[]): ReadonlySet<string> {
  return new Set(measurements.map((m) => m.metric));
}

/**
 * The one status rule for a variant without a record: failed when any of its rows failed, skipped when all were,
 * else ok; the reason is the first such row's error. A variant with a record has the status measured with it.
 */
function outcomeOfCells(cells: ReadonlyMap<string, Measurement>): { status: Status; error: string | null } {
  const all = [...cells.values()];
  const failed = all.find((m) => m.status === 'failed');
  if (failed) return { status: 'failed', error: failed.error ?? 'no reason given' };
  if (all.length > 0 && all.every((m) => m.status === 'skipped'))
    return { status: 'skipped', error: all.find((m) => m.error)?.error ?? 'no reason given' };
  return { status: 'ok', error: null };
}

function recordFromCells(variant: string, params: string, cells: ReadonlyMap<string, Measurement>): VariantRecord {
  const first = [...cells.values()][0];
  const base = [...cells.values()].find((m) => m.base)?.base;
  return {
    variant,
    title: variant,
    teaching: '',
    params,
    ...outcomeOfCells(cells),
    image: first?.image ?? null,
    bases: [],
    finalBase: base ? { ref: base, standsFor: null } : null,
    dockerfile: '',
    goVersion: null,
    runsAsRoot: null,
    published: [],
    order: UNORDERED,
    pairWith: null,
    layers: null,
    anatomy: null,
    identity: null,
  };
}

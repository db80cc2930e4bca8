/**
 * Two runs side by side for a pull request: per variant, the size, compressed size, packages, deploy at 100 Mbit/s
 * and start-up of each, the change, and whether a timed change is beyond the noise (the trend's rule: the medians'
 * intervals do not overlap); the gates are the trend's own thresholds and budgets. Pure.
 */
import { M } from '../metrics/catalogue.js';
import { compareRuns, type GateFailure, withinNoise } from '../trend/compute-trend.js';
import type { TrendConfig } from '../trend/trend-config.js';
import type { Measurement, PackageFacts, RunResult } from '../types.js';

/** The metrics a comparison shows, in its column order; packages come from the variant records between them. */
export const COMPARED = [M.imageSize, M.imageSizeCompressed, M.deploy100mbit, M.startup] as const;

/** One side of a comparison: how the user named it and the run it read. */
export interface CompareSide {
  label: string;
  result: RunResult;
}

/** One metric of one variant on both sides. */
export interface CompareCell {
  base: Measurement | null;
  head: Measurement | null;
  /** head ÷ base; null when either side has no ok value (or the base is 0). */
  ratio: number | null;
  /** For timed cells with intervals on both sides: whether they overlap; null for exact values. */
  noise: boolean | null;
  /** A gate failed on this cell. */
  failed: boolean;
}

/** One variant's row. */
export interface CompareRow {
  name: string;
  cells: Record<(typeof COMPARED)[number], CompareCell>;
  /** The package counts on each side (OS packages plus Go modules); null where a side read none. */
  packages: { base: number | null; head: number | null };
}

export interface Comparison {
  base: CompareSide;
  head: CompareSide;
  rows: CompareRow[];
  failures: GateFailure[];
  /** Budgets the head run has no ok value for: `variant metric`. */
  unchecked: string[];
  /** How image_size was measured on each side: its rows' note (the size rule the engine's store needed). */
  sizeRule: { base: string | null; head: string | null };
}

const nameOf = (m: Pick<Measurement, 'variant' | 'params'>) => (m.params ? `${m.variant} (${m.params})` : m.variant);

/** Compare `head` against `base` under `config`'s gates. */
export function compareResults(base: CompareSide, head: CompareSide, config: TrendConfig): Comparison {
  const gates = compareRuns(head.result.measurements, base.result.measurements, config);
  const names = [...new Set([...head.result.measurements, ...base.result.measurements].map(nameOf))];
  const cellOf = (side: RunResult, name: string, metric: string) =>
    side.measurements.find((m) => nameOf(m) === name && m.metric === metric) ?? null;
  const rows = names.map((name): CompareRow => {
    const cells = Object.fromEntries(
      COMPARED.map((metric) => {
        const [b, h] = [cellOf(base.result, name, metric), cellOf(head.result, name, metric)];
        const [bv, hv] = [okValue(b), okValue(h)];
        const timed = b?.unit === 'ms' && h?.unit === 'ms' && bv !== null && hv !== null;
        const cell: CompareCell = {
          base: b,
          head: h,
          ratio: bv !== null && hv !== null && bv !== 0 ? hv / bv : null,
          noise: timed && b && h && hasInterval(b) && hasInterval(h) ? withinNoise(h, b) : null,
          failed: gates.failures.some((f) => nameOf(f) === name && f.metric === metric),
        };
        return [metric, cell];
      }),
    ) as CompareRow['cells'];
    return {
      name,
      cells,
      packages: { base: packagesOf(base.result, name), head: packagesOf(head.result, name) },
    };
  });
  return {
    base,
    head,
    rows,
    failures: gates.failures,
    unchecked: gates.unchecked,
    sizeRule: { base: sizeRuleOf(base.result), head: sizeRuleOf(head.result) },
  };
}

function okValue(m: Measurement | null): number | null {
  return m && m.status === 'ok' ? (m.value ?? m.median) : null;
}

function hasInterval(m: Measurement): boolean {
  return typeof m.ci_low === 'number' && typeof m.ci_high === 'number';
}

/** OS packages and Go modules of the variant's image, from its record; null when the run read none. */
function packagesOf(result: RunResult, name: string): number | null {
  const facts: PackageFacts | null | undefined = result.variants.find(
    (v) => (v.params ? `${v.variant} (${v.params})` : v.variant) === name,
  )?.packages;
  if (!facts) return null;
  return facts.os.length + facts.go.reduce((n, binary) => n + binary.modules.length, 0);
}

/** The note of the run's image_size rows (they all share it); null when none has one. */
function sizeRuleOf(result: RunResult): string | null {
  return result.measurements.find((m) => m.metric === M.imageSize && m.note)?.note ?? null;
}

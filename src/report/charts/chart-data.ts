/** Small shared steps from Measurement rows to chart data: series names, usable values, units, ticks. */
import type { Measurement } from '../../types.js';

/** Bytes in one MB, base 1000 as `docker images` counts. */
export const BYTES_PER_MB = 1_000_000;

/** The name a variant goes by in a chart: `scratch`, or `scratch (ldflags=-s -w)` for a sweep point. */
export function seriesName(m: Pick<Measurement, 'variant' | 'params'>): string {
  return m.params ? `${m.variant} (${m.params})` : m.variant;
}

/** Rows of `metric` that were measured: status ok and a finite headline value. */
export function okRows(rows: readonly Measurement[], metric: string): (Measurement & { value: number })[] {
  return rows.filter(
    (m): m is Measurement & { value: number } =>
      m.metric === metric && m.status === 'ok' && m.value !== null && Number.isFinite(m.value),
  );
}

/** Distinct values in first-seen order: the order the run measured variants in is the order a reader expects. */
export function firstSeen(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The unit a set of durations reads best in: ms below 10 s, seconds from there (10,000 ms is hard to read). */
export function timeUnit(maxMs: number): { unit: 'ms' | 's'; perMs: number } {
  return maxMs < 10_000 ? { unit: 'ms', perMs: 1 } : { unit: 's', perMs: 1 / 1000 };
}

/** Log-axis tick values in [lo, hi]: 1-2-5 steps if at most `maxTicks` result, else 1-3, else decades only. */
export function logTicks(lo: number, hi: number, maxTicks = 12): number[] {
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const within = (steps: number[]): number[] => {
    const ticks: number[] = [];
    for (let e = from; e <= to; e++) {
      for (const s of steps) {
        // Round away float noise (3 × 0.1 = 0.30000000000000004) so tick labels print cleanly.
        const t = Number((s * 10 ** e).toPrecision(6));
        if (t >= lo && t <= hi) ticks.push(t);
      }
    }
    return ticks;
  };
  const fine = within([1, 2, 5]);
  if (fine.length <= maxTicks) return fine;
  const medium = within([1, 3]);
  return medium.length <= maxTicks ? medium : within([1]);
}

/** Log-scale domain in whole decades around [min, max], with the low end strictly below min so no bar is empty. */
export function logDomain(min: number, max: number): [number, number] {
  return [10 ** Math.floor(Math.log10(min / 1.2)), 10 ** Math.ceil(Math.log10(max))];
}

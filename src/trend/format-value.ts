/** A metric value in the unit a person reads: the reports' own formatter, so trend prints what the table prints. */
export { formatValue } from '../report/format/format-timed.js';

/** latest ÷ baseline as a change: `1.266` → `+26.6%`, `0.9` → `−10.0%` (one decimal: gates sit near 5%). */
export function formatChange(ratio: number): string {
  const pct = (ratio - 1) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;
}

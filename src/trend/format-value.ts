/** A metric value in the unit a person reads: sizes as Docker prints them, times in ms or s, ratios as %. */
import { formatDockerSize, formatMs } from '../report/format-size.js';

/** Format `value` of a metric with `unit` (`bytes`, `ms`, `ratio`, `count`, …). */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'bytes') return formatDockerSize(value);
  if (unit === 'ms') return formatMs(value);
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** latest ÷ baseline as a change: `1.266` → `+26.6%`, `0.9` → `−10.0%` (one decimal: gates sit near 5%). */
export function formatChange(ratio: number): string {
  const pct = (ratio - 1) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;
}

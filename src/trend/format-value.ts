/** A metric value in the unit a person reads: sizes as Docker prints them, times in ms or s, ratios as %. */
import { formatDockerSize } from '../report/format-size.js';

/** Format `value` of a metric with `unit` (`bytes`, `ms`, `ratio`, `count`, …). */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'bytes') return formatDockerSize(value);
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** `1.266` → `+26.6%`, `0.9` → `−10.0%`. */
export function formatChange(ratio: number): string {
  const pct = (ratio - 1) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;
}

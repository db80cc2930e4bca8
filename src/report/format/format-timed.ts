/** How every report prints a row's figure: the headline in its unit, and for timed rows the median's margin and n. */
import { isDerived } from '../../stats/derived.js';
import { SAMPLES_FOR_95 } from '../../stats/median-ci.js';
import type { Measurement } from '../../types.js';
import { formatMs } from './format-duration.js';
import { formatDockerSize } from './format-size.js';

type Figure = Pick<Measurement, 'value' | 'median' | 'unit' | 'samples' | 'ci_low' | 'ci_high' | 'note'>;

/** A number in the unit a person reads: sizes as `docker images` prints them, times in ms or s, ratios as %. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'bytes') return formatDockerSize(value);
  if (unit === 'ms') return formatMs(value);
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** The row's headline number in its unit (the median for timed rows), or '—' when it has none. */
export function headline(m: Figure): string {
  const value = m.value ?? m.median;
  return value === null ? '—' : formatValue(value, m.unit);
}

/**
 * The margin printed beside a median, %: the wider side of the median's confidence interval, relative to it. Null
 * when there is no interval (one sample, a derived value, or a record written before intervals were kept).
 */
export function marginPercent(m: Figure): number | null {
  const value = m.value ?? m.median;
  // typeof, not === null: rows read from an older results.json or baseline.json lack the fields altogether.
  if (typeof m.ci_low !== 'number' || typeof m.ci_high !== 'number') return null;
  if (value === null || value === 0 || (m.samples ?? 0) < 2) return null;
  return (Math.max(value - m.ci_low, m.ci_high - value) / value) * 100;
}

/**
 * A timed figure: `351 ms ± 9.7% (n=9)` (the 95% interval), `351 ms ± 19.7% min–max (n=5)` (below six samples no
 * interval reaches 95%: the margin is the samples' range, and says so), `63.9 s (n=1)` (one sample has no margin),
 * `12.0 s (derived)`.
 */
export function formatTimed(m: Figure): string {
  const text = headline(m);
  if (text === '—') return text;
  if (isDerived(m)) return `${text} (derived)`;
  const margin = marginPercent(m);
  const n = m.samples === null ? '' : ` (n=${m.samples})`;
  const range = (m.samples ?? 0) < SAMPLES_FOR_95 ? ' min–max' : '';
  return `${text}${margin === null ? '' : ` ± ${margin.toFixed(1)}%${range}`}${n}`;
}

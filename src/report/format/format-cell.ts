/** Number and text formats shared by the reports and the lesson: cells, changes, differences, bases. */
import type { BaseImage, Measurement } from '../../types.js';
import { formatMs } from './format-duration.js';
import { formatDockerSize } from './format-size.js';
import { formatTimed, headline } from './format-timed.js';

/** A cell as text by its unit: sizes as `docker images` prints them, times as median ± margin (n), ratios as %. */
export function formatCell(m: Measurement): string {
  if (m.status !== 'ok') return m.status;
  return m.unit === 'ms' ? formatTimed(m) : headline(m);
}

/** A 0..1 share as a percentage with one decimal, e.g. 0.1234 → "12.3%". */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Signed relative change with a real minus sign, e.g. 0.4 → "+40%", -0.976 → "−98%", 0.052 → "+5.2%". */
export function formatChange(ratio: number): string {
  const pct = ratio * 100;
  const abs = Math.abs(pct);
  // Whole percent from 10% up reads at a glance; below that one decimal keeps small changes visible.
  const text = abs >= 10 ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(1);
  if (Number(text.replace(/,/g, '')) === 0) return '±0%';
  return `${pct < 0 ? '−' : '+'}${text}%`;
}

/** A signed difference of two cells in their unit, e.g. "−390MB" or "+128 ms". */
export function formatDifference(before: number, after: number, unit: string): string {
  const diff = after - before;
  const sign = diff < 0 ? '−' : diff > 0 ? '+' : '±';
  const abs = Math.abs(diff);
  if (unit === 'bytes') return `${sign}${formatDockerSize(abs)}`;
  if (unit === 'ms') return `${sign}${formatMs(abs)}`;
  if (unit === 'ratio') return `${sign}${(abs * 100).toFixed(1)} points`;
  return `${sign}${abs}`;
}

/** A base as one phrase: `local/busybox:bookworm (stands in for alpine:3.21)`. */
export function describeBase(base: BaseImage): string {
  return base.standsFor ? `${base.ref} (stands in for ${base.standsFor})` : base.ref;
}

/** The first sentence of a teaching paragraph: the one-line why of a pair. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end < 0 ? flat : flat.slice(0, end + 1);
}

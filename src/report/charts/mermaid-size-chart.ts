/** Image sizes as a Mermaid `xychart-beta` bar chart, which GitHub draws inside Markdown without any image file. */
import { M } from '../../metrics/catalogue.js';
import type { Measurement } from '../../types.js';
import { BYTES_PER_MB, okRows, seriesName } from './chart-data.js';

/** A fenced ```mermaid block: image_size per variant in MB (linear axis; Mermaid has no log scale); '' when none. */
export function mermaidSizeChart(rows: readonly Measurement[]): string {
  const measured = okRows(rows, M.imageSize).filter((m) => m.value > 0);
  if (measured.length === 0) return '';
  const names = measured.map((m) => `"${mermaidText(seriesName(m))}"`);
  const mbs = measured.map((m) => mb(m.value));
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Image size per variant (MB, uncompressed)"',
    `    x-axis [${names.join(', ')}]`,
    `    y-axis "MB" 0 --> ${niceMax(Math.max(...mbs))}`,
    `    bar [${mbs.join(', ')}]`,
    '```',
  ].join('\n');
}

/** Text safe inside a quoted Mermaid label: no double quote ends it early, no `#…;` is read as an entity, one line. */
export function mermaidText(text: string): string {
  return text.replace(/"/g, "'").replace(/#/g, 'no. ').replace(/;/g, ',').replace(/\s+/g, ' ').trim();
}

/** Bytes → MB with 3 significant digits, printed without an exponent (Mermaid reads plain decimals). */
function mb(bytes: number): number {
  return Number((bytes / BYTES_PER_MB).toPrecision(3));
}

/** The axis top: the next 1, 2 or 5 × 10^n at or above max, so the tallest bar does not touch the frame. */
function niceMax(max: number): number {
  const decade = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((s) => s * decade >= max) ?? 10;
  return Number((step * decade).toPrecision(6));
}

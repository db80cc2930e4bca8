/** One line per failed gate, naming the variant, the metric and by how much: what `trend --check` prints. */
import type { GateFailure } from './compute-trend.js';
import { formatChange, formatValue } from './format-value.js';

/** `scratch image_size 5.06MB is over its budget 4MB by 1.06MB (+26.6%)`. */
export function gateMessage(f: GateFailure): string {
  const who = f.params ? `${f.variant} (${f.params})` : f.variant;
  const value = formatValue(f.value, f.unit);
  const limit = formatValue(f.limit, f.unit);
  if (f.kind === 'budget') {
    return `${who} ${f.metric} ${value} is over its budget ${limit} by ${formatValue(f.value - f.limit, f.unit)} (${formatChange(f.ratio)})`;
  }
  return `${who} ${f.metric} ${value} against ${limit} at the baseline: ${formatChange(f.ratio)}, past the threshold`;
}

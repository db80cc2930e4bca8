/** Durations as every report prints them. */

/** Duration in ms, 3 significant digits: 41.23 → "41.2 ms", 812 → "812 ms", 12_400 → "12.4 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  // Fixed decimals by magnitude keep three significant digits without toPrecision's exponent form.
  const decimals = (abs: number): number => (abs < 9.995 ? 2 : abs < 99.95 ? 1 : 0);
  if (Math.abs(ms) < 999.5) return `${ms.toFixed(decimals(Math.abs(ms)))} ms`;
  const s = ms / 1000;
  return `${s.toFixed(decimals(Math.abs(s)))} s`;
}

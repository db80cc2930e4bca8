/**
 * Outlier detection by the modified Z-score (Iglewicz and Hoaglin): 0.6745·|x − median| / MAD above 3.5. When more
 * than half the samples are equal the MAD is 0; like hyperfine, the MAD is then taken as the smallest double step
 * (Number.EPSILON), so every sample off the median is an outlier rather than none.
 */

/** Median of a list (sorted copy). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Indexes of samples whose modified Z-score (0.6745·|x − median| / MAD) exceeds `threshold`. */
export function outlierIndexes(samples: readonly number[], threshold = 3.5): number[] {
  // Below 5 samples the MAD is too coarse: with 3, any uneven spread makes one sample an "outlier".
  if (samples.length < 5) return [];
  const m = median(samples);
  const deviation = median(samples.map((x) => Math.abs(x - m)));
  const mad = deviation > 0 ? deviation : Number.EPSILON;
  return samples.flatMap((x, i) => ((0.6745 * Math.abs(x - m)) / mad > threshold ? [i] : []));
}

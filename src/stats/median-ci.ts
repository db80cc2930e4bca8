/**
 * A confidence interval for the median that assumes no distribution: the k-th smallest and k-th largest samples.
 * The number of samples below the true median is Binomial(n, ½), so [x(k), x(n+1−k)] covers it with probability
 * 1 − 2·P(B ≤ k−1). The narrowest such interval that still covers `level` is reported; below 6 samples none reaches
 * 95%, and min to max is reported with the coverage it does have (93.75% at n = 5).
 */

/**
 * The fewest samples whose order-statistic interval covers the median with 95%: min to max covers it with
 * 1 − 2·(½)^n, 93.75% at n = 5 and 96.9% at n = 6. Below it the margin reports print is the samples' range.
 */
export const SAMPLES_FOR_95 = 6;

/** An interval for the median, ms, and the probability that it covers the true median. */
export interface MedianCi {
  low: number;
  high: number;
  /** 1 − 2·P(B ≤ k−1) for B ~ Binomial(n, ½). */
  coverage: number;
}

/** The order-statistic interval for the median of `samples`; null below two samples (no spread, no interval). */
export function medianCi(samples: readonly number[], level = 0.95): MedianCi | null {
  const n = samples.length;
  if (n < 2) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  // `below` is P(B ≤ k−1), summed from the exact binomial terms C(n, i)/2^n.
  let term = 0.5 ** n;
  let below = term;
  let k = 1;
  for (let i = 1; i < n / 2; i++) {
    term = (term * (n - i + 1)) / i;
    const next = below + term;
    // Moving one step inwards keeps P(B ≤ i) in each tail; stop before the coverage falls under `level`.
    if (1 - 2 * next < level) break;
    below = next;
    k = i + 1;
  }
  return { low: sorted[k - 1] as number, high: sorted[n - k] as number, coverage: 1 - 2 * below };
}

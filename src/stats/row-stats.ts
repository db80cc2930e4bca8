/** The statistics a row carries: what summarize and the stopping rule produce, and the reports print. */
import type { Statistics } from 'tinybench';
import { medianCi } from './median-ci.js';

/** Statistics of a timed metric; exact metrics use only `value`. */
export interface RowStats {
  value: number | null;
  mean?: number | null;
  median?: number | null;
  min?: number | null;
  max?: number | null;
  sd?: number | null;
  rme?: number | null;
  /** Samples behind the value; null for a derived value, which is one computed figure. @default 1 for a value */
  samples?: number | null;
  ci_low?: number | null;
  ci_high?: number | null;
}

/**
 * A row's statistics: tinybench's latency figures (ms) for mean, sd and rme, the median as the headline, and the
 * median's order-statistic interval as its margin. One sample has no spread, so no sd, rme or interval.
 */
export function rowStats(l: Statistics, samples: readonly number[]): RowStats {
  const spread = l.samplesCount > 1;
  const ci = medianCi(samples);
  return {
    value: l.p50,
    median: l.p50,
    mean: l.mean,
    min: l.min,
    max: l.max,
    sd: spread ? l.sd : null,
    rme: spread ? l.rme : null,
    samples: l.samplesCount,
    ci_low: ci?.low ?? null,
    ci_high: ci?.high ?? null,
  };
}

/** The statistics a row carries: what summarize and the stopping rule produce, and the reports print. */

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

/**
 * Precision you ask for: a cell takes samples until its median's 95% confidence interval is within a target, or until
 * a cap on runs or on time is reached, as hyperfine bounds a benchmark with --min-runs, --max-runs and a time budget.
 * Samples are spent only where they can pay: the interval printed is a pair of order statistics, which moves inwards
 * only at certain counts (6, 9, 12, 15, 17, …), so a cell whose time cap ends before the next such count stops at once;
 * the samples in between would widen its range, never narrow its interval.
 */
import { medianCi, SAMPLES_FOR_95 } from './median-ci.js';

/** When a cell may stop sampling. */
export interface PrecisionRule {
  /** Wanted half-width of the median's 95% CI as a share of the median (0.05 = ±5%). */
  target: number;
  /** Samples always taken (hyperfine's --min-runs). */
  minRuns: number;
  /** Samples never exceeded (hyperfine's --max-runs). */
  maxRuns: number;
  /** Time a cell may spend on its own samples (resets included), ms; checked once minRuns are in. */
  maxMs: number;
}

/**
 * Why a cell stopped: it reached its target; it hit a cap; or its time cap would come before its interval could
 * next narrow (`no-gain`), so no further sample could change the margin it prints.
 */
export type StopReason = 'target' | 'max-runs' | 'max-time' | 'no-gain';

/** What the stopping rule concluded for a cell. */
export interface StopInfo {
  reason: StopReason;
  /** Half-width of the median's interval ÷ median when it stopped; null while no 95% interval exists (n < 6). */
  precision: number | null;
  n: number;
  /** For `no-gain`: the count at which the interval would next narrow, and the time it would take to get there, ms. */
  next?: { n: number; ms: number };
}

/** The confidence level the target refers to. */
const LEVEL = 0.95;

/** The order index k of the 95% interval [x(k), x(n+1−k)] at n samples; 0 while no interval reaches 95%. */
export function intervalIndex(n: number): number {
  if (n < SAMPLES_FOR_95) return 0;
  const ci = medianCi(
    Array.from({ length: n }, (_, i) => i),
    LEVEL,
  );
  // With samples 0 … n−1, the interval's low end is its own index: k − 1.
  return ci ? ci.low + 1 : 0;
}

/** The smallest count above `n` at which the interval moves inwards (or first exists). */
export function nextNarrowing(n: number): number {
  const k = intervalIndex(n);
  let m = n + 1;
  while (intervalIndex(m) <= k) m++;
  return m;
}

/** The wider side of the median's 95% interval ÷ the median; null below the sample count that gives 95% (6). */
export function relativeHalfWidth(samples: readonly number[]): number | null {
  const ci = medianCi(samples, LEVEL);
  if (!ci || ci.coverage < LEVEL) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2
      ? (sorted[Math.floor(mid)] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  if (median <= 0) return null;
  return Math.max(median - ci.low, ci.high - median) / median;
}

/** Should a cell with these samples, `elapsedMs` into its sampling, stop? null: take another sample. */
export function stopVerdict(samples: readonly number[], elapsedMs: number, rule: PrecisionRule): StopInfo | null {
  const n = samples.length;
  const precision = relativeHalfWidth(samples);
  if (n < rule.minRuns) return null;
  if (precision !== null && precision <= rule.target) return { reason: 'target', precision, n };
  if (n >= rule.maxRuns) return { reason: 'max-runs', precision, n };
  if (elapsedMs >= rule.maxMs) return { reason: 'max-time', precision, n };
  // What the next narrower interval would cost at this cell's own pace; past a cap, the samples would not pay.
  const next = nextNarrowing(n);
  const ms = elapsedMs + (next - n) * (elapsedMs / n);
  if (next > rule.maxRuns || ms > rule.maxMs) return { reason: 'no-gain', precision, n, next: { n: next, ms } };
  return null;
}

/** `%` with one decimal. */
function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The note a row carries about its stop: `precision ±3.1% ≤ 5% target (n=8)` or `stopped at its cap: …`. */
export function stopNote(stop: StopInfo, rule: PrecisionRule): string {
  const had = stop.precision === null ? 'no 95% interval yet (n < 6)' : `±${pct(stop.precision)}`;
  if (stop.reason === 'target') return `precision ${had} ≤ ${pct(rule.target)} target (n=${stop.n})`;
  if (stop.reason === 'no-gain' && stop.next) {
    const cap =
      stop.next.n > rule.maxRuns
        ? `its cap of ${rule.maxRuns} runs`
        : `its ${Math.round(rule.maxMs / 1000)} s cap (about ${Math.round(stop.next.ms / 1000)} s at this pace)`;
    return `stopped before the ±${pct(rule.target)} target: ${had} (n=${stop.n}); a narrower interval needs n=${stop.next.n}, past ${cap}`;
  }
  const cap = stop.reason === 'max-runs' ? `${rule.maxRuns} runs` : `${Math.round(rule.maxMs / 1000)} s`;
  return `stopped at its cap of ${cap} before the ±${pct(rule.target)} target: ${had} (n=${stop.n})`;
}

/**
 * Precision you ask for: a cell takes samples until its median's 95% confidence interval is within a target, or until
 * a cap on runs or on time is reached, as hyperfine bounds a benchmark with --min-runs, --max-runs and a time budget.
 */
import { medianCi } from '../stats/median-ci.js';

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

/** Why a cell stopped: it reached its target, or it hit a cap first (with the precision it had then). */
export type StopReason = 'target' | 'max-runs' | 'max-time';

/** What the stopping rule concluded for a cell. */
export interface StopInfo {
  reason: StopReason;
  /** Half-width of the median's interval ÷ median when it stopped; null while no 95% interval exists (n < 6). */
  precision: number | null;
  n: number;
}

/** The confidence level the target refers to. */
const LEVEL = 0.95;

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
  const cap = stop.reason === 'max-runs' ? `${rule.maxRuns} runs` : `${Math.round(rule.maxMs / 1000)} s`;
  return `stopped at its cap of ${cap} before the ±${pct(rule.target)} target: ${had} (n=${stop.n})`;
}

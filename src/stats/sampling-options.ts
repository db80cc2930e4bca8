/** The stopping rule each timed group samples by, from the run's options. */
import type { PrecisionRule } from './stopping-rule.js';

/** Groups that sample until precise. */
export type PreciseGroup = 'pull' | 'startup';

/** How `--precision` is asked for: the target, and the groups whose count `--runs` fixed instead. */
export interface SamplingOptions {
  /** Half-width of the median's 95% CI ÷ median, e.g. 0.05. */
  target: number;
  /** Groups named in `--runs` (all three for `--runs N`): they take exactly that many samples, as hyperfine's --runs. */
  fixed: PreciseGroup[];
}

/** The default target: ±5% of the median. */
export const DEFAULT_PRECISION = 0.05;

/**
 * Caps per cell. Start-up samples take well under a second, so 30 fit in the time; a pull at 100 Mbit/s of a
 * 300 MB image takes 25 s, so pull and deploy cells stop at 60 s of their own time (after their minimum runs).
 */
const CAPS: Record<PreciseGroup, { maxRuns: number; maxMs: number }> = {
  startup: { maxRuns: 30, maxMs: 60_000 },
  pull: { maxRuns: 10, maxMs: 60_000 },
};

/** The rule for `group`: its `--runs` count as the minimum, the target and caps when sampling is on. */
export function ruleFor(
  opts: { runs: Record<PreciseGroup, number>; sampling?: SamplingOptions | null },
  group: PreciseGroup,
): PrecisionRule & { fixed: boolean } {
  const n = opts.runs[group];
  const s = opts.sampling;
  if (!s || s.fixed.includes(group))
    return { target: 0, minRuns: n, maxRuns: n, maxMs: Number.POSITIVE_INFINITY, fixed: true };
  return {
    target: s.target,
    minRuns: n,
    maxRuns: Math.max(n, CAPS[group].maxRuns),
    maxMs: CAPS[group].maxMs,
    fixed: false,
  };
}

/** `--precision 5%` (or `5`): the share, or a problem line. */
export function parsePrecision(raw: string): number | string {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(raw.trim());
  const pct = m ? Number(m[1]) : Number.NaN;
  if (!(pct > 0 && pct < 100)) return `--precision must be a percentage above 0 and below 100, e.g. 5%, got "${raw}"`;
  return pct / 100;
}

/** The groups `--runs` fixed: all for `--runs N`, the named ones for `--runs startup=10`. */
export function fixedByRuns(raw: string | undefined): PreciseGroup[] {
  if (raw === undefined) return [];
  if (!raw.includes('=')) return ['pull', 'startup'];
  return raw
    .split(',')
    .map((p) => p.split('=')[0]?.trim())
    .filter((k): k is PreciseGroup => k === 'pull' || k === 'startup');
}

import { describe, expect, it } from 'vitest';
import { fixedByRuns, parsePrecision, ruleFor } from '../../../src/stats/sampling-options.js';
import {
  intervalIndex,
  nextNarrowing,
  relativeHalfWidth,
  stopNote,
  stopVerdict,
} from '../../../src/stats/stopping-rule.js';

const rule = { target: 0.05, minRuns: 3, maxRuns: 8, maxMs: 60_000 };

describe('the stopping rule', () => {
  it('has no 95% interval below six samples, and measures the wider side against the median from six on', () => {
    expect(relativeHalfWidth([100, 100, 100, 100, 100])).toBeNull();
    // n = 6: min to max covers the median with 96.9%; median 100, sides 5 and 5.
    expect(relativeHalfWidth([105, 95, 100, 102, 98, 100])).toBe(0.05);
    // n = 6, uneven: median (100 + 102) / 2 = 101, sides 11 and 29.
    expect(relativeHalfWidth([90, 100, 102, 130, 95, 110])).toBeCloseTo(29 / 101, 12);
  });

  it('takes the minimum runs first, however precise the samples already are', () => {
    expect(stopVerdict([100, 100], 10, rule)).toBeNull();
  });

  it('stops at the target once the interval is within it', () => {
    expect(stopVerdict([105, 95, 100, 102, 98, 100], 600, rule)).toEqual({ reason: 'target', precision: 0.05, n: 6 });
    expect(stopVerdict([105, 95, 100, 102, 98, 100], 600, { ...rule, maxRuns: 10, target: 0.049 })).toBeNull();
  });

  it('stops at the run cap or the time cap with the precision it had', () => {
    const wide = [50, 100, 150, 200, 250, 300, 350, 400];
    // n = 8: k = 1 still (P(B ≤ 1) = 9/256 > 2.5%), so min to max: median 225, sides 175 and 175.
    expect(stopVerdict(wide, 1000, rule)).toEqual({ reason: 'max-runs', precision: 175 / 225, n: 8 });
    expect(stopVerdict([50, 300, 120], 60_000, rule)).toEqual({ reason: 'max-time', precision: null, n: 3 });
  });

  it('knows the counts at which the interval moves inwards: 6, 9, 12, 15, 17, …', () => {
    expect([5, 6, 8, 9, 11, 12, 14, 15, 16, 17].map(intervalIndex)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
    expect([3, 6, 9, 12, 15, 16].map(nextNarrowing)).toEqual([6, 9, 12, 15, 17, 17]);
  });

  it('stops a cell whose cap comes before its interval can next narrow, since no sample could change its margin', () => {
    // 3 samples in 30 s: at 10 s each, n = 6 (the first 95% interval) needs about 60 s in all, within the cap.
    expect(stopVerdict([50, 300, 120], 30_000, rule)).toBeNull();
    // 3 samples in 45 s: n = 6 would need about 90 s.
    expect(stopVerdict([50, 300, 120], 45_000, rule)).toEqual({
      reason: 'no-gain',
      precision: null,
      n: 3,
      next: { n: 6, ms: 90_000 },
    });
    // Past its run cap as well: at 6 with a wide interval, the next narrower one needs 9 runs, and the cap is 8.
    expect(stopVerdict([50, 100, 150, 200, 250, 300], 600, rule)).toMatchObject({ reason: 'no-gain', next: { n: 9 } });
  });

  it('says in the note whether the cell reached its target or stopped at a cap, with n', () => {
    expect(stopNote({ reason: 'target', precision: 0.031, n: 9 }, rule)).toBe('precision ±3.1% ≤ 5.0% target (n=9)');
    expect(stopNote({ reason: 'max-runs', precision: 0.0712, n: 8 }, rule)).toBe(
      'stopped at its cap of 8 runs before the ±5.0% target: ±7.1% (n=8)',
    );
    expect(stopNote({ reason: 'max-time', precision: null, n: 3 }, rule)).toBe(
      'stopped at its cap of 60 s before the ±5.0% target: no 95% interval yet (n < 6) (n=3)',
    );
    expect(stopNote({ reason: 'no-gain', precision: null, n: 3, next: { n: 6, ms: 90_000 } }, rule)).toBe(
      'stopped before the ±5.0% target: no 95% interval yet (n < 6) (n=3); a narrower interval needs n=6, past its 60 s cap (about 90 s at this pace)',
    );
    expect(stopNote({ reason: 'no-gain', precision: 0.5, n: 6, next: { n: 9, ms: 900 } }, rule)).toBe(
      'stopped before the ±5.0% target: ±50.0% (n=6); a narrower interval needs n=9, past its cap of 8 runs',
    );
  });
});

describe('precision options', () => {
  it('reads --precision as a percentage', () => {
    expect(parsePrecision('5%')).toBe(0.05);
    expect(parsePrecision('2.5')).toBe(0.025);
    expect(parsePrecision('0')).toMatch(/^--precision must be a percentage above 0 and below 100, e\.g\. 5%, got "0"$/);
    expect(parsePrecision('five')).toMatch(/got "five"$/);
  });

  it('lets --runs fix a group to exactly that many samples, as hyperfine --runs does', () => {
    expect(fixedByRuns(undefined)).toEqual([]);
    expect(fixedByRuns('4')).toEqual(['pull', 'startup']);
    expect(fixedByRuns('startup=10,build=2')).toEqual(['startup']);
    const runs = { build: 1, pull: 3, startup: 5 };
    expect(ruleFor({ runs, sampling: { target: 0.05, fixed: ['startup'] } }, 'startup')).toMatchObject({
      minRuns: 5,
      maxRuns: 5,
      fixed: true,
    });
    expect(ruleFor({ runs, sampling: { target: 0.05, fixed: ['startup'] } }, 'pull')).toEqual({
      target: 0.05,
      minRuns: 3,
      maxRuns: 10,
      maxMs: 60_000,
      fixed: false,
    });
    // Without sampling options (older callers, tests), every cell takes exactly its runs.
    expect(ruleFor({ runs }, 'pull')).toMatchObject({ minRuns: 3, maxRuns: 3, fixed: true });
  });
});

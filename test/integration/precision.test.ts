/**
 * `--precision` on a real engine: one start-up cell samples until its median's 95% interval is within the target or
 * a cap stops it, and its row says how many samples it took and why it stopped.
 */
import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import { relativeHalfWidth } from '../../src/stats/stopping-rule.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';

describe('sampling until precise, on a real engine', () => {
  it('stops a start-up cell at its target or its cap, and its n and note say which', async () => {
    const target = 0.25;
    const opts = await testRunOptions({
      variants: ['scratch'],
      metrics: ['startup'],
      runs: { build: 1, pull: 3, startup: 5 },
      sampling: { target, fixed: [] },
    });
    const outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
    const row = outcome.result.measurements.find((m) => m.metric === 'startup');
    const samples = outcome.result.samples['scratch||startup'] ?? [];
    expect(row?.status).toBe('ok');
    // n is the samples taken, at least the minimum (5) and at most the cap (30).
    expect(row?.samples).toBe(samples.length);
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(samples.length).toBeLessThanOrEqual(30);
    const precision = relativeHalfWidth(samples);
    const note = row?.note ?? '';
    if (/^precision /.test(note)) {
      // Stopped on target: the interval exists (n ≥ 6), is within ±25%, and the sample before did not reach it.
      expect(precision).not.toBeNull();
      expect(precision as number).toBeLessThanOrEqual(target);
      expect(note).toBe(`precision ±${((precision as number) * 100).toFixed(1)}% ≤ 25.0% target (n=${samples.length})`);
      const before = relativeHalfWidth(samples.slice(0, -1));
      expect(before === null || before > target).toBe(true);
    } else {
      // A cap, or the rule saw that the next narrower interval lies past a cap: either way n and the note agree.
      expect(note).toMatch(
        new RegExp(`^stopped (at its cap of (30 runs|60 s) )?before the ±25\\.0% target: .*\\(n=${samples.length}\\)`),
      );
    }
  });
});

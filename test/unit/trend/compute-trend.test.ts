import { describe, expect, it } from 'vitest';
import { computeTrend, pickBaseline } from '../../../src/trend/compute-trend.js';
import { gateMessage } from '../../../src/trend/gate-messages.js';
import { renderTrend } from '../../../src/trend/render-trend.js';
import { parseTrendConfig, type TrendConfig } from '../../../src/trend/trend-config.js';
import type { Measurement } from '../../../src/types.js';
import { row, timedRow } from '../report/fixture.js';

const config = (raw: object = {}): TrendConfig => {
  const c = parseTrendConfig(raw, 'imagediet.config.json');
  if ('problems' in c) throw new Error(c.problems.join('\n'));
  return c;
};

const run = (id: string, sizes: Record<string, number>, extra: Measurement[] = []): Measurement[] => [
  ...Object.entries(sizes).map(([v, bytes]) => row(v, 'image_size', bytes, { run_id: id })),
  ...extra.map((m) => ({ ...m, run_id: id })),
];

describe('trend', () => {
  it('compares the latest run with the previous one and flags a size past its threshold', () => {
    const history = [
      ...run('r1', { scratch: 5_000_000, upx: 1_600_000 }),
      ...run('r2', { scratch: 5_500_000, upx: 1_600_000 }),
    ];
    const trend = computeTrend(history, config(), null);
    if ('problem' in trend) throw new Error(trend.problem);
    expect(trend.latestRun).toBe('r2');
    expect(trend.baselineRun).toBe('r1');
    const scratch = trend.lines.find((l) => l.variant === 'scratch');
    expect(scratch?.ratio).toBeCloseTo(1.1, 10);
    expect(scratch?.flag).toBe('regression');
    expect(trend.lines.find((l) => l.variant === 'upx')?.flag).toBeNull();
    expect(trend.failures.map(gateMessage)).toEqual([
      'scratch image_size 5.5MB against 5MB at the baseline: +10.0%, past the threshold',
    ]);
  });

  it('fails a budget set below a variant’s size, naming the variant and by how much', () => {
    const history = run('r1', { scratch: 5_062_808, upx: 1_663_232 });
    const trend = computeTrend(
      history,
      config({ budgets: { scratch: { image_size: '4MB' }, upx: { image_size: '2MB' } } }),
      null,
    );
    if ('problem' in trend) throw new Error(trend.problem);
    expect(trend.baselineSource).toMatch(/none: this is the first run/);
    expect(trend.failures.map(gateMessage)).toEqual([
      'scratch image_size 5.06MB is over its budget 4MB by 1.06MB (+26.6%)',
    ]);
  });

  it('does not fail a timed metric whose change is within both runs’ margins of error', () => {
    const history = [
      ...run('r1', {}, [timedRow('scratch', 'startup', 300, 15, 5)]),
      ...run('r2', {}, [timedRow('scratch', 'startup', 400, 15, 5)]),
      ...run('r3', {}, [timedRow('scratch', 'startup', 520, 2, 5)]),
    ];
    const noisy = computeTrend(
      history.filter((m) => m.run_id !== 'r3'),
      config({ thresholds: { startup: 1.2 } }),
      null,
    );
    if ('problem' in noisy) throw new Error(noisy.problem);
    expect(noisy.lines[0]?.flag).toBe('noise');
    expect(noisy.failures).toEqual([]);
    const real = computeTrend(history, config({ thresholds: { startup: 1.2 } }), null);
    if ('problem' in real) throw new Error(real.problem);
    expect(real.lines[0]?.flag).toBe('regression');
  });

  it('tests noise with the medians’ confidence intervals, not the means’ rme', () => {
    // The rme (30%) would make these overlap; the medians' intervals, 295–305 and 390–410, do not.
    const before = timedRow('scratch', 'startup', 300, 30, 9, { ci_low: 295, ci_high: 305 });
    const after = timedRow('scratch', 'startup', 400, 30, 9, { ci_low: 390, ci_high: 410 });
    const trend = computeTrend([...run('r1', {}, [before]), ...run('r2', {}, [after])], config(), null);
    if ('problem' in trend) throw new Error(trend.problem);
    expect(trend.lines[0]?.flag).toBe('regression');
    // Overlapping intervals, 295–350 and 340–410: within noise.
    const wide = timedRow('scratch', 'startup', 300, 1, 9, { ci_low: 295, ci_high: 350 });
    const wider = timedRow('scratch', 'startup', 400, 1, 9, { ci_low: 340, ci_high: 410 });
    const noisy = computeTrend([...run('r1', {}, [wide]), ...run('r2', {}, [wider])], config(), null);
    if ('problem' in noisy) throw new Error(noisy.problem);
    expect(noisy.lines[0]?.flag).toBe('noise');
  });

  it('shows a timed slowdown measured on a busy machine, on either side, without failing its gate', () => {
    const before = timedRow('scratch', 'startup', 300, 1, 9, { ci_low: 295, ci_high: 305 });
    const after = timedRow('scratch', 'startup', 400, 1, 9, { ci_low: 390, ci_high: 410, other_cpu: 0.45 });
    const busy = computeTrend([...run('r1', {}, [before]), ...run('r2', {}, [after])], config(), null);
    if ('problem' in busy) throw new Error(busy.problem);
    expect(busy.lines[0]?.flag).toBe('busy');
    expect(busy.failures).toEqual([]);
    expect(renderTrend(busy, null)).toContain('🟡 slower on a busy machine');
    // A quiet machine on both sides (under a tenth of it taken by others): the same change fails the gate.
    const quiet = computeTrend(
      [...run('r1', {}, [{ ...before, other_cpu: 0.02 }]), ...run('r2', {}, [{ ...after, other_cpu: 0.05 }])],
      config(),
      null,
    );
    if ('problem' in quiet) throw new Error(quiet.problem);
    expect(quiet.lines[0]?.flag).toBe('regression');
  });

  it('says "not compared" for a row with no baseline or no threshold, never ✓', () => {
    const history = [
      ...run('r1', { scratch: 5_000_000 }),
      ...run('r2', { scratch: 5_000_000, upx: 1_600_000 }, [row('scratch', 'layers', 3)]),
    ];
    const trend = computeTrend(history, config({ thresholds: { image_size: 1.05 } }), null);
    if ('problem' in trend) throw new Error(trend.problem);
    const flags = renderTrend(trend, null)
      .split('\n')
      .filter((l) => l.startsWith('| scratch') || l.startsWith('| upx'))
      .map((l) => `${l.split(' | ')[0]} ${l.split(' | ')[1]}: ${l.split(' | ').at(-1)}`);
    expect(flags).toEqual([
      '| scratch image_size: ✓ |',
      '| upx image_size: not compared |',
      '| scratch layers: not compared |',
    ]);
  });

  it('treats a drop as the regression for metrics where higher is better', () => {
    const m = (v: number) => row('multistage', 'build_warm_cache_hits', v, { unit: 'ratio' });
    const trend = computeTrend(
      [...run('r1', {}, [m(0.9)]), ...run('r2', {}, [m(0.3)])],
      config({ thresholds: { build_warm_cache_hits: 1.2 } }),
      null,
    );
    if ('problem' in trend) throw new Error(trend.problem);
    expect(trend.lines[0]?.flag).toBe('regression');
  });

  it('picks the previous run of the same profile, a named run, or the saved baseline', () => {
    const history = [
      ...run('a', { scratch: 1 }),
      ...run('b', { scratch: 2 }).map((m) => ({ ...m, profile: 'hub' })),
      ...run('c', { scratch: 3 }),
    ];
    expect(pickBaseline(history, 'c', 'previous', null)).toMatchObject({ run: 'a' });
    expect(pickBaseline(history, 'c', 'b', null)).toMatchObject({ run: 'b' });
    expect(pickBaseline(history, 'c', 'zzz', null)).toEqual({
      problem: 'baseline run "zzz" is not in the history; use previous, saved or one of its run ids',
    });
    expect(pickBaseline(history, 'c', 'saved', null)).toMatchObject({
      problem: expect.stringMatching(/npm run baseline/),
    });
    expect(pickBaseline(history, 'c', 'saved', run('a', { scratch: 1 }))).toMatchObject({ run: 'a' });
  });

  it('lists budgets it could not check instead of passing them silently', () => {
    const trend = computeTrend(run('r1', { scratch: 1 }), config({ budgets: { ubuntu: { image_size: 1e9 } } }), null);
    if ('problem' in trend) throw new Error(trend.problem);
    expect(trend.unchecked).toEqual(['ubuntu image_size']);
    expect(renderTrend(trend, null)).toContain(
      'Budgets not checked (no ok value in the latest run): ubuntu image_size.',
    );
  });

  it('rejects a bad config with the field named', () => {
    expect(parseTrendConfig({ thresholds: { startup: 0.5 } }, 'c.json')).toEqual({
      problems: ['c.json: thresholds.startup: a ratio of at least 1, e.g. 1.05 for +5%'],
    });
    expect(parseTrendConfig({ budgets: { scratch: { image_size: 'small' } } }, 'c.json')).toEqual({
      problems: ['c.json: budgets.scratch.image_size: a number or a size like "12MB", "3.5MiB"'],
    });
    expect(parseTrendConfig({ treshold: {} }, 'c.json')).toMatchObject({
      problems: [expect.stringMatching(/treshold/)],
    });
  });

  it('renders trend.md with the failures first and one line per comparison', () => {
    const history = [...run('r1', { scratch: 5_000_000 }), ...run('r2', { scratch: 5_500_000 })];
    const trend = computeTrend(history, config({ budgets: { scratch: { image_size: '5MB' } } }), null);
    if ('problem' in trend) throw new Error(trend.problem);
    expect(renderTrend(trend, 'chart-trend.svg')).toMatchInlineSnapshot(`
      "# Trend

      Latest run \`r2\`; baseline: previous run of profile "local" (\`r1\`).

      ## 2 gate(s) failed

      - scratch image_size 5.5MB against 5MB at the baseline: +10.0%, past the threshold
      - scratch image_size 5.5MB is over its budget 5MB by 500kB (+10.0%)

      ![Each metric over the history](chart-trend.svg)

      | variant | metric | latest | baseline | ratio | threshold | budget | flag |
      | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
      | scratch | image_size | 5.5MB | 5MB | 1.100 (+10.0%) | 1.05× | 5MB | 🔴 regression, 🔴 over budget |

      Ratios are latest ÷ baseline. A row is flagged when the ratio passes its threshold (\`imagediet.config.json\`); timed metrics whose medians’ confidence intervals overlap are marked "within noise" and do not fail the gate; nor does a timed metric measured while other processes took more than a tenth of the machine (on either side), marked "slower on a busy machine". Budgets are absolute limits per variant. "not compared": no gate applied (no baseline value with a threshold, and no budget).
      "
    `);
  });
});

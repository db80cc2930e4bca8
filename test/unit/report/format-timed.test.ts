import { describe, expect, it } from 'vitest';
import { timingLabel } from '../../../src/report/charts/timing-chart.js';
import { formatCell } from '../../../src/report/format/format-cell.js';
import { formatTimed, headline, marginPercent } from '../../../src/report/format/format-timed.js';
import { groupTables, headlineTable } from '../../../src/report/markdown/variant-tables.js';
import { metricsPresent, pivotByVariant } from '../../../src/report/view/pivot.js';
import { derivedNote } from '../../../src/stats/derived.js';
import { compareRuns } from '../../../src/trend/compute-trend.js';
import { renderTrend } from '../../../src/trend/render-trend.js';
import { row, sizeRun } from './fixture.js';

const timed = (value: number, extra: Parameters<typeof row>[3] = {}) =>
  row('scratch', 'startup', value, { unit: 'ms', ...extra });

describe('formatTimed', () => {
  it('prints one sample with its n and no margin', () => {
    expect(formatTimed(timed(63_900, { samples: 1, rme: null, ci_low: null, ci_high: null }))).toBe('63.9 s (n=1)');
  });

  it('prints the wider side of the median’s interval as the margin', () => {
    const m = timed(351, { samples: 5, rme: 24.9, ci_low: 300, ci_high: 420 });
    // (420 − 351) / 351 = 19.66%; the mean's rme (24.9%) is not what is printed.
    expect(marginPercent(m)).toBeCloseTo(19.658, 3);
    expect(formatTimed(m)).toBe('351 ms ± 19.7% min–max (n=5)');
  });

  it('prints a derived value as one value, marked derived, with no n and no margin', () => {
    const m = timed(12_000, { samples: null, note: derivedNote('compressed bytes at 100 Mbit/s') });
    expect(formatTimed(m)).toBe('12.0 s (derived)');
  });

  it('prints no margin for a record that has none (written before intervals were kept)', () => {
    expect(formatTimed(timed(351, { samples: 5, rme: 24.9 }))).toBe('351 ms (n=5)');
    const { ci_low: _low, ci_high: _high, ...older } = timed(351, { samples: 5, rme: 24.9 });
    expect(formatTimed(older as ReturnType<typeof timed>)).toBe('351 ms (n=5)');
  });
});

describe('headline', () => {
  it('formats the value by its unit', () => {
    expect(headline(row('scratch', 'image_size', 5_062_808))).toBe('5.06MB');
    expect(headline(row('scratch', 'efficiency', 0.9876, { unit: 'ratio' }))).toBe('98.8%');
    expect(headline(row('scratch', 'layers', 3))).toBe('3');
    expect(headline(row('scratch', 'image_size', null))).toBe('—');
  });
});

describe('every report prints a timed figure the same way', () => {
  // One build as tinybench reported it: n = 1 with an rme of 0, which is no margin at all.
  const one = row('scratch', 'build_cold', 63_900, { unit: 'ms', samples: 1, rme: 0, sd: 0 });
  const five = row('scratch', 'startup', 351, { unit: 'ms', samples: 5, rme: 24.9, ci_low: 300, ci_high: 420 });

  it('in the table, the lesson, the timing chart and trend', () => {
    const result = { ...sizeRun(), measurements: [one, five] };
    const [rows, present] = [pivotByVariant(result), metricsPresent(result.measurements)];
    const table = [...headlineTable(rows, present), ...groupTables(rows, present).flat()].join('\n');
    const trend = compareRuns([one, five], [one, five], { baseline: 'previous', thresholds: {}, budgets: {} });
    const trendText = renderTrend({ latestRun: 'r2', baselineRun: 'r1', baselineSource: 'test', ...trend }, null);
    for (const [where, text] of [
      ['table', table],
      ['lesson', `${formatCell(one)} ${formatCell(five)}`],
      [
        'chart',
        `${timingLabel(one as typeof one & { value: number })} ${timingLabel(five as typeof five & { value: number })}`,
      ],
      ['trend', trendText],
    ]) {
      expect(text, where).toContain('63.9 s (n=1)');
      expect(text, where).toContain('351 ms ± 19.7% min–max (n=5)');
      expect(text, where).not.toMatch(/± 0\.0%/);
    }
  });
});

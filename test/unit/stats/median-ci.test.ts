import { describe, expect, it } from 'vitest';
import { medianCi } from '../../../src/stats/median-ci.js';

describe('medianCi (distribution-free, from order statistics)', () => {
  it('gives no interval for fewer than two samples', () => {
    expect(medianCi([])).toBeNull();
    expect(medianCi([63_900])).toBeNull();
  });

  it('is min to max up to five samples, with the coverage the binomial gives it', () => {
    // P(min ≤ median ≤ max) = 1 − 2·0.5^n: 0.5, 0.75, 0.875, 0.9375 for n = 2…5.
    expect(medianCi([20, 10])).toEqual({ low: 10, high: 20, coverage: 0.5 });
    expect(medianCi([30, 10, 20])).toEqual({ low: 10, high: 30, coverage: 0.75 });
    expect(medianCi([351, 420, 300, 380, 345])).toEqual({ low: 300, high: 420, coverage: 0.9375 });
  });

  it('takes the narrowest order statistics that still cover 95%', () => {
    // n = 10: P(B ≤ 1) = 11/1024 ≤ 0.025 < P(B ≤ 2) = 56/1024, so the 2nd and 9th smallest.
    const ten = [110, 101, 109, 102, 108, 103, 107, 104, 106, 105];
    expect(medianCi(ten)).toEqual({ low: 102, high: 109, coverage: 1 - 22 / 1024 });
    // n = 6: only P(B ≤ 0) = 1/64 fits, so min and max, 62/64.
    expect(medianCi([6, 1, 5, 2, 4, 3])).toEqual({ low: 1, high: 6, coverage: 62 / 64 });
  });

  it('does not reorder the samples it is given', () => {
    const s = [3, 1, 2];
    medianCi(s);
    expect(s).toEqual([3, 1, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { outlierIndexes } from '../../../src/stats/outliers.js';

describe('outliers (modified Z-score > 3.5, as hyperfine)', () => {
  it('flags a far sample and nothing in a tight set', () => {
    expect(outlierIndexes([100, 101, 99, 100, 102, 180])).toEqual([5]);
    expect(outlierIndexes([100, 101, 180])).toEqual([]);
    expect(outlierIndexes([100, 101, 99, 100, 102])).toEqual([]);
  });

  it('still flags samples when more than half are equal and the MAD is 0, as hyperfine does', () => {
    expect(outlierIndexes([10, 10, 10, 10, 10, 10, 10, 100])).toEqual([7]);
    expect(outlierIndexes([10, 10, 10, 100, 10, 10, 10, 10, 100])).toEqual([3, 8]);
    expect(outlierIndexes([10, 10, 10, 10, 10])).toEqual([]);
  });
});

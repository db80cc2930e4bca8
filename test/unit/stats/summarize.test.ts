import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/stats/summarize.js';

describe('summarize', () => {
  it('gives tinybench statistics of exactly the given samples', async () => {
    const s = await summarize([227, 210, 221]);
    expect(s.median).toBe(221);
    expect(s.mean).toBeCloseTo(219.333, 3);
    expect(s.min).toBe(210);
    expect(s.max).toBe(227);
    expect(s.samples).toBe(3);
  });

  it('has no value for no samples', async () => {
    expect(await summarize([])).toEqual({ value: null, samples: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { outlierIndexes } from '../../../src/stats/outliers.js';
import { runTimed } from '../../../src/stats/timed-metrics.js';

describe('runTimed', () => {
  it('interleaves variants round-robin and runs each exactly `iterations` times', async () => {
    const order: string[] = [];
    const cell = (key: string) => ({
      key,
      fn: async () => {
        order.push(key);
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    const out = await runTimed([cell('a'), cell('b'), cell('c')], 3, new AbortController().signal);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    expect(out.every((o) => o.ok && o.samples.length === 3)).toBe(true);
  });

  it('reports exact statistics of the samples', async () => {
    const samples = [10, 20, 30, 40];
    let i = 0;
    const [out] = await runTimed(
      [{ key: 'x', fn: async () => ({ overriddenDuration: samples[i++] ?? 0 }) }],
      4,
      new AbortController().signal,
    );
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats.median).toBe(25);
    expect(out.stats.mean).toBe(25);
    expect(out.stats.min).toBe(10);
    expect(out.stats.max).toBe(40);
    expect(out.stats.samples).toBe(4);
    expect(out.stats.sd).toBeCloseTo(12.9099, 3);
  });

  it('costs a failing cell only its own row, and the others keep their turns', async () => {
    const order: string[] = [];
    const out = await runTimed(
      [
        { key: 'ok', fn: async () => void order.push('ok') },
        {
          key: 'bad',
          fn: async () => {
            order.push('bad');
            throw new Error('RUN failed');
          },
        },
      ],
      3,
      new AbortController().signal,
    );
    expect(order).toEqual(['ok', 'bad', 'ok', 'ok']);
    expect(out[0]?.ok).toBe(true);
    expect(out[1]).toMatchObject({ ok: false, error: 'RUN failed' });
  });

  it('keeps untimed resets and after hooks out of the samples', async () => {
    // The cell reports no duration of its own, so the harness's timer measures it: a reset or an after hook that
    // leaked into the timed part would add its 60 ms to every sample.
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const [out] = await runTimed(
      [{ key: 'r', reset: () => sleep(60), after: () => sleep(60), fn: () => sleep(5) }],
      3,
      new AbortController().signal,
    );
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats.min).toBeGreaterThanOrEqual(4);
    expect(out.stats.max).toBeLessThan(50);
  });

  it('keeps the raw samples in the order they were measured', async () => {
    const samples = [30, 10, 40, 20];
    let i = 0;
    const [out] = await runTimed(
      [{ key: 'x', fn: async () => ({ overriddenDuration: samples[i++] ?? 0 }) }],
      4,
      new AbortController().signal,
    );
    expect(out?.samples).toEqual([30, 10, 40, 20]);
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats.median).toBe(25);
  });

  it('reports one sample with no spread and no margin', async () => {
    const [out] = await runTimed(
      [{ key: 'x', fn: async () => ({ overriddenDuration: 63_900 }) }],
      1,
      new AbortController().signal,
    );
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats).toMatchObject({ value: 63_900, samples: 1, sd: null, rme: null, ci_low: null, ci_high: null });
  });

  it('gives the median a confidence interval from the samples’ order statistics', async () => {
    const samples = [351, 420, 300, 380, 345];
    let i = 0;
    const [out] = await runTimed(
      [{ key: 'x', fn: async () => ({ overriddenDuration: samples[i++] ?? 0 }) }],
      5,
      new AbortController().signal,
    );
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats).toMatchObject({ value: 351, ci_low: 300, ci_high: 420 });
  });

  it('ends a cell whose after hook fails as failed, with the error, and the other cells go on', async () => {
    const order: string[] = [];
    let removals = 0;
    const out = await runTimed(
      [
        { key: 'a', fn: async () => void order.push('a') },
        {
          key: 'b',
          fn: async () => void order.push('b'),
          after: async () => {
            if (++removals === 1) throw new Error('remove container c1: device busy');
          },
        },
        { key: 'c', fn: async () => void order.push('c') },
      ],
      3,
      new AbortController().signal,
    );
    expect(order).toEqual(['a', 'b', 'c', 'a', 'c', 'a', 'c']);
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    expect(out[1]).toMatchObject({ ok: false, error: 'after a sample: remove container c1: device busy' });
  }, 5_000);

  it('keeps the timed part’s error when the after hook then fails as well', async () => {
    const [out] = await runTimed(
      [
        {
          key: 'x',
          fn: async () => {
            throw new Error('GET / answered 500');
          },
          after: async () => {
            throw new Error('remove failed');
          },
        },
      ],
      3,
      new AbortController().signal,
    );
    expect(out).toMatchObject({ ok: false, error: 'GET / answered 500' });
  });
});

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

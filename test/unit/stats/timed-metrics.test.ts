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

  it('keeps untimed resets out of the samples', async () => {
    const [out] = await runTimed(
      [{ key: 'r', reset: () => new Promise((r) => setTimeout(r, 50)), fn: async () => ({ overriddenDuration: 1 }) }],
      2,
      new AbortController().signal,
    );
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats.max).toBe(1);
  });
});

describe('outliers (modified Z-score > 3.5, as hyperfine)', () => {
  it('flags a far sample and nothing in a tight set', () => {
    expect(outlierIndexes([100, 101, 99, 100, 102, 180])).toEqual([5]);
    expect(outlierIndexes([100, 101, 180])).toEqual([]);
    expect(outlierIndexes([100, 101, 99, 100, 102])).toEqual([]);
  });
});

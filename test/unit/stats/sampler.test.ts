import { describe, expect, it } from 'vitest';
import { fixedRule, type SampleTask, sampleTasks } from '../../../src/stats/sampler.js';

/**
 * A clock that moves only when the script says so: each sample advances it by its own value, and a reset or an
 * after hook by the time given to it. Every time in these tests is exact, whatever the machine is doing.
 */
function scripted() {
  let t = 0;
  const calls: string[] = [];
  const cell = (
    key: string,
    values: (number | Error)[],
    hooks: { reset?: number; after?: number | Error } = {},
  ): SampleTask => {
    let i = 0;
    return {
      key,
      ...(hooks.reset === undefined
        ? {}
        : {
            reset: async () => {
              t += hooks.reset as number;
            },
          }),
      sample: async () => {
        const v = values[i++ % values.length] as number | Error;
        calls.push(`${key}${i}`);
        if (v instanceof Error) throw v;
        t += v;
        return v;
      },
      ...(hooks.after === undefined
        ? {}
        : {
            after: async () => {
              if (hooks.after instanceof Error) throw hooks.after;
              t += hooks.after as number;
            },
          }),
    };
  };
  return { cell, calls, now: () => t };
}

const signal = new AbortController().signal;

describe('the one sampler', () => {
  it('interleaves the cells and lets each leave when its rule says so', async () => {
    const s = scripted();
    const cells = [s.cell('A', [100]), s.cell('B', [50, 150]), s.cell('C', [10, new Error('boom')])];
    const rule = { target: 0.05, minRuns: 3, maxRuns: 8, maxMs: 1e9 };
    const out = await sampleTasks(cells, rule, signal, undefined, s.now);
    expect(s.calls.join(' ')).toBe('A1 B1 C1 A2 B2 C2 A3 B3 A4 B4 A5 B5 A6 B6');
    // B's interval cannot narrow before n = 9, past its cap of 8 runs: it stops at 6, where a further sample could
    // only widen its range.
    expect(out.map((o) => [o.key, o.ok, o.samples.length, o.stop?.reason ?? null])).toEqual([
      ['A', true, 6, 'target'],
      ['B', true, 6, 'no-gain'],
      ['C', false, 1, null],
    ]);
    expect(out[1]?.stop).toMatchObject({ next: { n: 9 } });
    expect(out[2]).toMatchObject({ ok: false, error: 'boom', samples: [10] });
    expect(out[0]?.ok && out[0].stats).toMatchObject({ value: 100, samples: 6, ci_low: 100, ci_high: 100 });
  });

  it("counts only a cell's own time, resets included, and stops a cell whose cap comes before its next interval", async () => {
    const s = scripted();
    // A: 1 s a sample; B: 10 s, so at n = 2 its next interval (n = 6) would take about 55 s, past the 30 s cap.
    const cells = [s.cell('A', [1000, 1100]), s.cell('B', [10_000, 12_000])];
    const rule = { target: 0.01, minRuns: 2, maxRuns: 50, maxMs: 30_000 };
    const out = await sampleTasks(cells, rule, signal, undefined, s.now);
    expect(out[1]?.samples).toEqual([10_000, 12_000]);
    expect(out[1]?.stop).toEqual({ reason: 'no-gain', precision: null, n: 2, next: { n: 6, ms: 66_000 } });
    // A's time is its own: B's 22 s did not count against it.
    const a = out[0];
    expect(a?.stop?.reason).toBe('no-gain');
    expect(a?.samples.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(30_000);
    expect(a?.samples.length).toBeGreaterThan(20);
  });

  it('takes exactly n samples under a fixed rule, each timed without its reset and after hooks', async () => {
    const s = scripted();
    const out = await sampleTasks([s.cell('r', [5], { reset: 60, after: 60 })], fixedRule(3), signal, undefined, s.now);
    expect(out[0]?.samples).toEqual([5, 5, 5]);
    expect(out[0]?.stop).toMatchObject({ reason: 'max-runs', n: 3 });
  });

  it('keeps the raw samples in measured order, with exact statistics', async () => {
    const s = scripted();
    const [out] = await sampleTasks([s.cell('x', [30, 10, 40, 20])], fixedRule(4), signal, undefined, s.now);
    expect(out?.samples).toEqual([30, 10, 40, 20]);
    if (!out?.ok) throw new Error('expected ok');
    expect(out.stats).toMatchObject({ median: 25, mean: 25, min: 10, max: 40, samples: 4 });
    expect(out.stats.sd).toBeCloseTo(12.9099, 3);
  });

  it('reports one sample with no spread and no margin, and five with min to max as the interval', async () => {
    const s = scripted();
    const [one] = await sampleTasks([s.cell('x', [63_900])], fixedRule(1), signal, undefined, s.now);
    expect(one?.ok && one.stats).toMatchObject({ value: 63_900, samples: 1, sd: null, rme: null, ci_low: null });
    const [five] = await sampleTasks([s.cell('y', [351, 420, 300, 380, 345])], fixedRule(5), signal, undefined, s.now);
    expect(five?.ok && five.stats).toMatchObject({ value: 351, ci_low: 300, ci_high: 420 });
  });

  it('ends a cell whose clean-up fails, keeping its samples, and the others keep their turns', async () => {
    const s = scripted();
    const out = await sampleTasks(
      [s.cell('a', [5]), s.cell('b', [5], { after: new Error('remove container c1: device busy') }), s.cell('c', [5])],
      fixedRule(3),
      signal,
      undefined,
      s.now,
    );
    expect(s.calls.join(' ')).toBe('a1 b1 c1 a2 c2 a3 c3');
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    expect(out[1]).toMatchObject({
      ok: false,
      error: 'after a sample: remove container c1: device busy',
      samples: [5],
    });
  });

  it('keeps the sample’s own error when the clean-up then fails as well', async () => {
    const s = scripted();
    const [out] = await sampleTasks(
      [s.cell('x', [new Error('GET / answered 500')], { after: new Error('remove failed') })],
      fixedRule(3),
      signal,
      undefined,
      s.now,
    );
    expect(out).toMatchObject({ ok: false, error: 'GET / answered 500' });
  });
});

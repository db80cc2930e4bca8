import { describe, expect, it } from 'vitest';
import { type PreciseTask, sampleUntilPrecise } from '../../../src/deploy/sample-until.js';

/** A clock that moves only when a sample says so: each sample advances it by its own value. */
function scripted() {
  let t = 0;
  const calls: string[] = [];
  const cell = (key: string, values: (number | Error)[]): PreciseTask => {
    let i = 0;
    return {
      key,
      sample: async () => {
        const v = values[i++ % values.length] as number | Error;
        calls.push(`${key}${i}`);
        if (v instanceof Error) throw v;
        t += v;
        return v;
      },
    };
  };
  return { cell, calls, now: () => t };
}

describe('sampling until precise', () => {
  it('interleaves the cells and lets each leave when its rule says so', async () => {
    const s = scripted();
    const cells = [s.cell('A', [100]), s.cell('B', [50, 150]), s.cell('C', [10, new Error('boom')])];
    const rule = { target: 0.05, minRuns: 3, maxRuns: 8, maxMs: 1e9 };
    const out = await sampleUntilPrecise(cells, rule, new AbortController().signal, undefined, s.now);
    expect(s.calls).toEqual([
      'A1',
      'B1',
      'C1',
      'A2',
      'B2',
      'C2',
      'A3',
      'B3',
      'A4',
      'B4',
      'A5',
      'B5',
      'A6',
      'B6',
      'B7',
      'B8',
    ]);
    expect(out.map((o) => [o.key, o.ok, o.samples.length, o.stop?.reason ?? null])).toEqual([
      ['A', true, 6, 'target'],
      ['B', true, 8, 'max-runs'],
      ['C', false, 1, null],
    ]);
    expect(out[2]).toMatchObject({ ok: false, error: 'boom', samples: [10] });
    expect(out[0]?.ok && out[0].stats).toMatchObject({ value: 100, samples: 6, ci_low: 100, ci_high: 100 });
  });

  it("counts only a cell's own time against its time cap", async () => {
    const s = scripted();
    // A takes 1 s a sample, B 10 s: B's time must not end A early.
    const cells = [s.cell('A', [1000, 1100]), s.cell('B', [10_000, 12_000])];
    const rule = { target: 0.01, minRuns: 2, maxRuns: 50, maxMs: 30_000 };
    const out = await sampleUntilPrecise(cells, rule, new AbortController().signal, undefined, s.now);
    // A: 14 pairs of 1000 + 1100 ms are 29 400 ms, under the cap; the 29th sample brings it to 30 400.
    const a = out[0];
    const b = out[1];
    expect(b?.samples).toEqual([10_000, 12_000, 10_000]);
    expect(b?.stop).toEqual({ reason: 'max-time', precision: null, n: 3 });
    expect(a?.samples.reduce((x, y) => x + y, 0)).toBe(30_400);
    expect(a?.stop).toMatchObject({ reason: 'max-time', n: 29 });
  });

  it('ends a cell whose clean-up fails, keeping the samples it had', async () => {
    const s = scripted();
    const c = s.cell('A', [5]);
    const bad: PreciseTask = {
      ...s.cell('B', [5]),
      after: async () => {
        throw new Error('device or resource busy');
      },
    };
    const out = await sampleUntilPrecise(
      [c, bad],
      { target: 0.05, minRuns: 6, maxRuns: 6, maxMs: 1e9 },
      new AbortController().signal,
      undefined,
      s.now,
    );
    expect(out[0]).toMatchObject({ ok: true, samples: [5, 5, 5, 5, 5, 5] });
    expect(out[1]).toMatchObject({ ok: false, error: 'after a sample: device or resource busy', samples: [5] });
  });
});

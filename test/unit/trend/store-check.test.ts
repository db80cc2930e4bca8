import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBaseline } from '../../../src/trend/baseline-file.js';
import { computeTrend } from '../../../src/trend/compute-trend.js';
import { parseTrendConfig, type TrendConfig } from '../../../src/trend/trend-config.js';
import type { Measurement } from '../../../src/types.js';
import { row } from '../report/fixture.js';

const config = (): TrendConfig => {
  const c = parseTrendConfig({}, 'imagediet.config.json');
  if ('problems' in c) throw new Error(c.problems.join('\n'));
  return c;
};
const C8D = 'containerd snapshotter overlayfs';
const run = (id: string, store: string | null, bytes: number): Measurement[] => [
  row('scratch', 'image_size', bytes, { run_id: id, image_store: store }),
];

describe('trend across image stores', () => {
  it('refuses a containerd-store run against an overlay2 baseline, naming both stores', () => {
    const got = computeTrend(
      [...run('r1', 'overlay2 graph driver', 5_062_808), ...run('r2', C8D, 5_062_808)],
      config(),
      null,
    );
    expect(got).toEqual({
      problem:
        'trend: run r2 was measured on the containerd snapshotter overlayfs, its baseline r1 on the overlay2 graph driver; sizes from different image stores are not compared. Pick a baseline measured on the same store (--baseline <run id>), or pass --allow-mixed',
    });
  });

  it('names the latest earlier run on the same store as the baseline to pick', () => {
    const history = [...run('r1', C8D, 1), ...run('r2', 'overlay2 graph driver', 1), ...run('r3', C8D, 1)];
    expect(computeTrend(history, config(), null)).toMatchObject({
      problem: expect.stringContaining('(--baseline r1, the latest earlier run on that store)'),
    });
  });

  it('compares them with --allow-mixed, and says so', () => {
    const got = computeTrend([...run('r1', 'overlay2 graph driver', 100), ...run('r2', C8D, 100)], config(), null, {
      allowMixed: true,
    });
    if ('problem' in got) throw new Error(got.problem);
    expect(got.lines).toHaveLength(1);
    expect(got.storeNotes).toEqual([
      'comparing runs of different image stores (run r2 was measured on the containerd snapshotter overlayfs, its baseline r1 on the overlay2 graph driver)',
    ]);
  });

  it('compares runs of one store, and a run from before the store was recorded with a note', () => {
    const same = computeTrend([...run('r1', C8D, 100), ...run('r2', C8D, 100)], config(), null);
    expect(same).toMatchObject({ storeNotes: [] });
    const old = computeTrend([...run('r1', null, 100), ...run('r2', C8D, 100)], config(), null);
    expect(old).toMatchObject({
      storeNotes: [
        'run r1 recorded no image store (written before the column existed); compared as if on the same store',
      ],
    });
  });

  it('refuses a saved baseline from another store too, and reads a baseline.json saved before the column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imagediet-baseline-'));
    const {
      image_store: _s,
      ci_low: _l,
      ci_high: _h,
      ...older
    } = run('r1', 'overlay2 graph driver', 100)[0] as Measurement;
    await writeFile(join(dir, 'baseline.json'), JSON.stringify({ runId: 'r1', savedAt: 'x', rows: [older] }));
    const saved = await loadBaseline(dir);
    expect(saved?.[0]?.image_store).toBeNull();
    const c = { ...config(), baseline: 'saved' };
    const overlay = run('r0', 'overlay2 graph driver', 100);
    expect(computeTrend(run('r2', C8D, 100), c, overlay)).toMatchObject({
      problem: expect.stringContaining('its baseline r0 on the overlay2 graph driver'),
    });
  });
});

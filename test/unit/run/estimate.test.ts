import { describe, expect, it } from 'vitest';
import { estimateLine, estimateRun, expectedCount } from '../../../src/run/estimate.js';
import { row, timedRow } from '../report/fixture.js';

const rules = {
  pull: { target: 0.05, minRuns: 3, maxRuns: 10, maxMs: 60_000 },
  startup: { target: 0.05, minRuns: 5, maxRuns: 30, maxMs: 60_000 },
};

describe('the estimate of a run', () => {
  it('expects as many samples as the stopping rule lets a cell take when it never reaches its target', () => {
    // 30 s a sample: the first interval (6) would take 180 s, past the 60 s cap: the minimum, 3.
    expect(expectedCount(rules.pull, 30)).toBe(3);
    // 7 s: 6 fit (42 s), 9 would not (63 s).
    expect(expectedCount(rules.pull, 7)).toBe(6);
    // 0.3 s: 9 fit, and the next narrowing (12) is past the cap of 10 runs.
    expect(expectedCount(rules.pull, 0.3)).toBe(9);
    expect(expectedCount({ ...rules.pull, minRuns: 4, maxRuns: 4 }, 30)).toBe(4);
  });

  it('reads each cell from the history where it can, and counts an image measured once only once', () => {
    const history = [
      timedRow('scratch', 'build_cold', 20_000, 0, 1),
      timedRow('scratch', 'build_warm', 5_000, 0, 1),
      timedRow('scratch', 'startup', 150, 5, 15),
      row('scratch', 'image_size', 5_000_000),
      row('scratch', 'image_size_compressed', 2_000_000),
    ];
    const e = estimateRun({
      cells: [
        { variant: 'scratch', params: '', installsPackages: false },
        { variant: 'dockerignore', params: '', installsPackages: false, sharesImage: true },
      ],
      metrics: ['size', 'build', 'startup'],
      buildRuns: 1,
      rules,
      history,
      basesToBuild: 2,
    });
    const phase = (name: string) => e.phases.find((p) => p.phase === name);
    expect(phase('bases')?.seconds).toBe(60);
    // scratch 20 s from the history, dockerignore a 25 s guess, each with 3 s of smoke test and size.
    expect(phase('builds')?.seconds).toBe(51);
    expect(phase('timed builds')).toEqual({ phase: 'timed builds', seconds: 20 + 5 + 25 + 10, samples: 4 });
    // Start-up for scratch only (dockerignore shares its image): 15 samples of 0.15 + 0.7 s.
    expect(phase('start-up')?.samples).toBe(15);
    expect(phase('start-up')?.seconds).toBeCloseTo(15 * 0.85, 6);
    expect(estimateLine(e)).toBe(
      'about 3.1 min (bases 1.0 min, builds 0.8 min, timed builds 1.0 min, start-up 0.2 min; 3 figure(s) from the history, 2 guessed)',
    );
  });

  it('charges a deploy the transfer at each link and the unpacking, from the sizes once measured', () => {
    const e = estimateRun({
      cells: [{ variant: 'ubuntu', params: '', installsPackages: true, imageBytes: 890e6, compressedBytes: 323e6 }],
      metrics: ['deploy'],
      buildRuns: 1,
      rules,
      history: [],
      basesToBuild: 0,
    });
    const deploys = e.phases.find((p) => p.phase === 'deploys');
    // 100 Mbit/s: 25.8 s of transfer a sample; loopback and 1 Gbit/s: 6.8 s of unpacking; each with about 3.2 s to
    // empty the node after it. Six samples of any would pass the 60 s cap before the first interval: 3 each.
    expect(deploys?.samples).toBe(3 + 3 + 3);
    expect(deploys?.seconds).toBeCloseTo(3 * (0.4 + 6.846 + 3.167) * 2 + 3 * (0.4 + 25.84 + 3.167), 0);
  });

  it('charges only the links the run deploys over (--links)', () => {
    const e = estimateRun({
      cells: [{ variant: 'ubuntu', params: '', installsPackages: true, imageBytes: 890e6, compressedBytes: 323e6 }],
      metrics: ['deploy'],
      buildRuns: 1,
      rules,
      history: [],
      basesToBuild: 0,
      links: ['100mbit'],
    });
    expect(e.phases.find((p) => p.phase === 'deploys')).toEqual({
      phase: 'deploys',
      seconds: expect.closeTo(3 * (0.4 + 25.84 + 3.167), 0),
      samples: 3,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { estimateLine, estimateRun, expectedCount, machinePace } from '../../../src/run/estimate.js';
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
    // The measured build is each variant's first cold sample: one run rebuilds only warm (5 s from the history, 10 guessed).
    expect(phase('timed builds')).toEqual({ phase: 'timed builds', seconds: 5 + 10, samples: 2 });
    // Start-up for scratch only (dockerignore shares its image): 15 samples of 0.15 + 0.7 s.
    expect(phase('start-up')?.samples).toBe(15);
    expect(phase('start-up')?.seconds).toBeCloseTo(15 * 0.85, 6);
    expect(estimateLine(e)).toBe(
      'about 2.3 min (bases 1.0 min, builds 0.8 min, timed builds 0.3 min, start-up 0.2 min; 3 figure(s) from the history, 2 guessed)',
    );
  });

  it("scales the history's figures by this machine's pace, from its cold builds, but not a link's transfer time", () => {
    const history = [
      timedRow('scratch', 'build_cold', 8_000, 0, 1),
      timedRow('ubuntu', 'build_cold', 26_000, 0, 1),
      timedRow('scratch', 'build_warm', 8_000, 0, 1),
      timedRow('scratch', 'startup', 150, 5, 15),
      timedRow('ubuntu', 'deploy_100mbit', 32_000, 5, 3),
    ];
    // This run's cold builds took 2.79 times the history's (22 + 73 s against 8 + 26 s); a variant the history lacks
    // says nothing.
    const rows = [
      timedRow('scratch', 'build_cold', 22_000, 0, 1),
      timedRow('ubuntu', 'build_cold', 73_000, 0, 1),
      timedRow('new-one', 'build_cold', 99_000, 0, 1),
    ];
    const pace = machinePace(rows, history) as number;
    expect(pace).toBeCloseTo(95 / 34, 6);
    expect(machinePace([], history)).toBeNull();
    expect(machinePace(rows, [])).toBeNull();
    const cells = [
      { variant: 'scratch', params: '', installsPackages: false },
      { variant: 'ubuntu', params: '', installsPackages: true, imageBytes: 890e6, compressedBytes: 323e6 },
    ];
    const at = (p: number | null) =>
      estimateRun({
        cells,
        metrics: ['build', 'startup', 'deploy'],
        buildRuns: 1,
        rules,
        history,
        basesToBuild: 0,
        pace: p,
        links: ['100mbit'],
      });
    const phase = (e: ReturnType<typeof at>, name: string) => e.phases.find((x) => x.phase === name)?.seconds ?? 0;
    const [one, slow] = [at(null), at(pace)];
    // Warm builds (scratch's from the history, ubuntu's guessed): CPU work, scaled. Start-up is not.
    expect(phase(slow, 'start-up')).toBe(phase(one, 'start-up'));
    expect(phase(slow, 'timed builds') - 10).toBeCloseTo(pace * (phase(one, 'timed builds') - 10), 6);
    // ubuntu at 100 Mbit/s: 323 MB take 25.84 s on the link whatever the machine; only the rest of its 32 s is
    // scaled, in each of its 3 samples (scratch's deploys come from its size, the same in both).
    const transfer = (323e6 * 8) / 100e6;
    expect(phase(slow, 'deploys') - phase(one, 'deploys')).toBeCloseTo(3 * (pace - 1) * (32 - transfer), 6);
    expect(estimateLine(slow)).toContain("the history's times × 2.79, this machine's pace from its cold builds");
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
    // empty the node after it. Six samples of any would pass the 60 s cap before the first interval: 3 each. Before
    // them, one push to the harness's registry: 890 MB at 16 MB/s and 0.4 s.
    expect(deploys?.samples).toBe(3 + 3 + 3);
    const push = 890 / 16 + 0.4;
    expect(deploys?.seconds).toBeCloseTo(push + 3 * (0.4 + 6.846 + 3.167) * 2 + 3 * (0.4 + 25.84 + 3.167), 0);
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
      seconds: expect.closeTo(890 / 16 + 0.4 + 3 * (0.4 + 25.84 + 3.167), 0),
      samples: 3,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { deployPoints, deploySpec } from '../../../src/report/charts/deploy-chart.js';
import { deployMarkdown, startupMarkdown } from '../../../src/report/markdown/deploy-markdown.js';
import { paceOf } from '../../../src/report/view/deploy-facts.js';
import type { RunResult } from '../../../src/types.js';
import { report, row, timedRow } from './fixture.js';
import { fakeCharts, viewWith } from './view-fixture.js';

/** ubuntu: 300 MB compressed, its pulls link-bound at 100 Mbit/s and node-bound at 1 Gbit/s; scratch: 2 MB. */
function deployRun(): RunResult {
  const rows = [
    row('ubuntu', 'image_size', 890_000_000),
    row('ubuntu', 'image_size_compressed', 300_000_000),
    timedRow('ubuntu', 'deploy_100mbit', 26_000, 1.5, 3),
    timedRow('ubuntu', 'pull_engine_100mbit', 25_000, 1.5, 3),
    timedRow('ubuntu', 'deploy_1gbit', 9_000, 4, 3),
    timedRow('ubuntu', 'pull_engine_1gbit', 8_000, 4, 3),
    timedRow('ubuntu', 'startup', 300, 10, 8),
    row('scratch', 'image_size', 5_060_000),
    row('scratch', 'image_size_compressed', 2_000_000),
    timedRow('scratch', 'deploy_100mbit', 500, 5, 10),
    timedRow('scratch', 'pull_engine_100mbit', 200, 5, 10),
    timedRow('scratch', 'deploy_1gbit', 350, 8, 10),
    timedRow('scratch', 'pull_engine_1gbit', 120, 8, 10),
    timedRow('scratch', 'startup', 280, 3, 12),
    row('upx', 'image_size', 1_660_000),
    timedRow('upx', 'startup', 450, 5, 9),
    timedRow('upx', 'startup_ready', 160, 5, 9),
  ];
  return {
    runId: 'r',
    startedAt: '2025-03-01T10:04:12.345Z',
    finishedAt: null,
    gitSha: null,
    profile: 'local',
    profileReason: '',
    builder: 'buildkit',
    environment: null,
    variants: ['ubuntu', 'scratch', 'upx'].map((v) => report(v, {})),
    measurements: rows,
    samples: {},
    warnings: [],
  };
}

describe('the deploy section', () => {
  it('says the link sets the pace when the transfer is at least 80% of the pull', () => {
    // 300 MB at 100 Mbit/s is 24 s of a 25 s pull; at 1 Gbit/s 2.4 s of 8 s.
    expect(paceOf({ pullMs: 25_000, transferMs: 24_000 })).toEqual({ by: 'link', share: 0.96 });
    expect(paceOf({ pullMs: 8_000, transferMs: 2_400 })).toEqual({ by: 'node', share: 0.3 });
    expect(paceOf({ pullMs: null, transferMs: 1 })).toBeNull();
  });

  it('tables deploy time beside compressed size with what paces each pull', () => {
    expect(deployMarkdown(viewWith(deployRun(), fakeCharts({ deploy: '<svg/>' }))).slice(4)).toEqual([
      '| variant | compressed | deploy @100 Mbit/s | paced by @100 Mbit/s | deploy @1 Gbit/s | paced by @1 Gbit/s |',
      '|---|---:|---:|---|---:|---|',
      '| ubuntu | 300MB | 26.0 s ± 1.5% min–max (n=3) | link (96%) | 9.00 s ± 4.0% min–max (n=3) | node (30%) |',
      '| scratch | 2MB | 500 ms ± 5.0% (n=10) | link (80%) | 350 ms ± 8.0% (n=10) | node (13%) |',
      '',
      '![Deploy time against compressed size, one line per link speed](chart-deploy.svg)',
      '',
      'At 100 Mbit/s the link sets the pace for every variant. At 1 Gbit/s the node, not the link, sets the pace for every variant.',
    ]);
  });

  it('gives columns only to the links the run deployed over (--links 100mbit)', () => {
    const run = deployRun();
    run.measurements = run.measurements.filter((m) => !m.metric.includes('1gbit'));
    expect(deployMarkdown(viewWith(run)).slice(4, 8)).toEqual([
      '| variant | compressed | deploy @100 Mbit/s | paced by @100 Mbit/s |',
      '|---|---:|---:|---|',
      '| ubuntu | 300MB | 26.0 s ± 1.5% min–max (n=3) | link (96%) |',
      '| scratch | 2MB | 500 ms ± 5.0% (n=10) | link (80%) |',
    ]);
  });

  it('says once, in the intro, what the pace cells mean, and names only the exceptions', () => {
    const view = viewWith(deployRun());
    expect(view.deploy?.intro).toContain('the node, whose own work (decompressing, unpacking, registering layers)');
    const run = deployRun();
    // scratch's pull at 1 Gbit/s now mostly transfer: the link paces it, and only it is named.
    run.measurements = run.measurements.map((m) =>
      m.variant === 'scratch' && m.metric === 'pull_engine_1gbit' ? { ...m, value: 20 } : m,
    );
    expect(viewWith(run).deploy?.summary).toBe(
      'At 100 Mbit/s the link sets the pace for every variant. At 1 Gbit/s the link sets the pace, except for ubuntu, where the node does.',
    );
  });

  it('says size barely changes start-up once the image is there, and that upx is the exception', () => {
    const lines = startupMarkdown(viewWith(deployRun()));
    expect(lines[2]).toBe(
      "Once the image is on the node, its size barely changes start-up: the medians of 2 variant(s) lie between 280 ms and 300 ms, while their images range from 5.06MB to 890MB. Start-up is create, start and the app's first answer, and none of these reads the whole image.",
    );
    expect(lines[4]).toMatch(/^upx is the exception: 450 ms, of which 160 ms from start to the first answer, because/);
  });

  it('draws one point per variant and link, on compressed MB and seconds', () => {
    const points = deployPoints(deployRun().measurements);
    expect(points.map((p) => [p.variant, p.link, p.mb, p.seconds])).toEqual([
      ['ubuntu', '100 Mbit/s', 300, 26],
      ['scratch', '100 Mbit/s', 2, 0.5],
      ['ubuntu', '1 Gbit/s', 300, 9],
      ['scratch', '1 Gbit/s', 2, 0.35],
    ]);
    expect(deploySpec(deployRun().measurements)).not.toBeNull();
    expect(deploySpec([])).toBeNull();
  });
});

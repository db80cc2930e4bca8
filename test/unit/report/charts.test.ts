import { describe, expect, it } from 'vitest';
import { logTicks } from '../../../src/report/charts/chart-data.js';
import { chartData } from '../../../src/report/charts/chart-set.js';
import { mermaidSizeChart, mermaidText } from '../../../src/report/charts/mermaid-size-chart.js';
import { pickClaim } from '../../../src/report/charts/published-size.js';
import { compileSpec } from '../../../src/report/charts/render-svg.js';
import { sizeChart, sizeSpec } from '../../../src/report/charts/size-chart.js';
import { timingChart, timingSpec } from '../../../src/report/charts/timing-chart.js';
import { trendChart, trendSpec } from '../../../src/report/charts/trend-chart.js';
import { parseReportedMb } from '../../../src/report/format/published-figure.js';
import type { Measurement, PublishedClaim } from '../../../src/types.js';
import { row, sizeRun, timedRun } from './fixture.js';

const claimsOf = (run = sizeRun()): PublishedClaim[] => run.variants.flatMap((v) => v.published);

/** Checks the SVG is one balanced element tree: every tag closed in order, nothing after the root. */
function expectWellFormedSvg(svg: string): void {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/** The text of every <text> element and every line of a multi-line one, entities decoded. */
const texts = (svg: string): string[] =>
  [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]+)<\/(?:text|tspan)>/g)].map((m) =>
    (m[1] ?? '').replace(/&(?:lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e] ?? e),
  );

/** The same rows as a later run, sizes and times scaled by `factor`. */
function laterRun(rows: readonly Measurement[], runId: string, factor: number): Measurement[] {
  return rows.map((m) => ({
    ...m,
    run_id: runId,
    timestamp: '2025-03-08T09:00:00.000Z',
    value: m.value === null ? null : m.value * factor,
  }));
}

describe('sizeChart', () => {
  it('draws every measured variant on a log MB axis beside the published figures', async () => {
    const svg = await sizeChart(sizeRun().measurements, claimsOf());
    expectWellFormedSvg(svg);
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['ubuntu', 'multistage', 'Image size per variant']));
    expect(t.some((s) => s.startsWith('image size, MB (log scale'))).toBe(true);
    // 11.3 MB and 636 MB on one axis: ticks span two orders of magnitude.
    expect(t).toEqual(expect.arrayContaining(['10', '100', '1,000']));
    expect(t).toEqual(expect.arrayContaining(['measured today (profile local)', 'published figure']));
    expect(t).toEqual(expect.arrayContaining(['612MB', '636MB', '11.3MB']));
    expect(t).toContain('Not measured: scratch (ldflags=-s -w) (failed).');
  });

  it('leaves the published series out when there are no claims', async () => {
    const t = texts(await sizeChart(sizeRun().measurements, []));
    expect(t).not.toContain('published figure');
    expect(t).toContain('measured today (profile local)');
  });

  it('names the source of a figure that is not from the preferred tutorial', async () => {
    const claims: PublishedClaim[] = [
      { source: 'go-chronicles', published: '', variant: 'ubuntu', baseImages: '', reportedSizeMb: '>1000', notes: '' },
    ];
    expect(texts(await sizeChart(sizeRun().measurements, claims))).toContain('>1000MB (go-chronicles)');
  });

  it('gives the same bytes for the same input, whatever was rendered before', async () => {
    const first = await sizeChart(sizeRun().measurements, claimsOf());
    await timingChart(timedRun().measurements);
    expect(await sizeChart(sizeRun().measurements, claimsOf())).toBe(first);
  });
});

describe('timingChart', () => {
  it('draws start-up in ms and cold build in s, with median ± rme and n beside each variant', async () => {
    const svg = await timingChart(timedRun().measurements);
    expect(svg).not.toBeNull();
    expectWellFormedSvg(svg ?? '');
    const t = texts(svg ?? '');
    expect(t).toEqual(expect.arrayContaining(['ubuntu', 'multistage']));
    expect(t).toEqual(
      expect.arrayContaining(['start-up time, ms (axis starts at 0)', 'cold build time, s (axis starts at 0)']),
    );
    expect(t).toEqual(expect.arrayContaining(['41.2 ms ± 12.5% (n=10)', '12.4 s ± 2.1% min–max (n=3)']));
  });

  it('returns null when no timing was measured', async () => {
    expect(await timingChart(sizeRun().measurements)).toBeNull();
  });
});

describe('trendChart', () => {
  it('returns null for a single run', async () => {
    expect(await trendChart(timedRun().measurements)).toBeNull();
  });

  it('draws one series per variant across two runs, one panel per measured metric', async () => {
    const first = timedRun().measurements;
    const svg = await trendChart([...first, ...laterRun(first, 'r-20250308-0900', 1.1)]);
    expectWellFormedSvg(svg ?? '');
    const t = texts(svg ?? '');
    expect(t).toEqual(expect.arrayContaining(['Trend over 2 runs', 'ubuntu', 'multistage']));
    expect(t).toEqual(expect.arrayContaining(['Image size', 'Cold build time', 'Start-up time (median)']));
    expect(t).toEqual(expect.arrayContaining(['2025-03-01 10:05', '2025-03-08 09:00']));
  });

  it('keys a sweep point by variant and params', async () => {
    const a = [row('scratch', 'image_size', 5_000_000, { params: 'ldflags=-s -w' }), row('ubuntu', 'image_size', 6e8)];
    const t = texts((await trendChart([...a, ...laterRun(a, 'r2', 0.9)], ['image_size'])) ?? '');
    expect(t).toContain('scratch (ldflags=-s -w)');
    expect(t).not.toContain('Start-up time (median)');
  });
});

describe('chart specs', () => {
  it('compile without Vega-Lite warnings', async () => {
    const rows = timedRun().measurements;
    const specs = [
      sizeSpec(rows, claimsOf()),
      sizeSpec([], []),
      timingSpec(rows),
      trendSpec([...rows, ...laterRun(rows, 'r2', 1.2)]),
    ];
    for (const spec of specs) {
      expect(spec).not.toBeNull();
      if (spec) expect((await compileSpec(spec)).warnings).toEqual([]);
    }
  });
});

describe('mermaidSizeChart', () => {
  it('renders a fenced xychart of sizes in MB with quoted names', () => {
    expect(mermaidSizeChart(sizeRun().measurements)).toMatchInlineSnapshot(`
      "\`\`\`mermaid
      xychart-beta
          title "Image size per variant (MB, uncompressed)"
          x-axis ["ubuntu", "multistage"]
          y-axis "MB" 0 --> 1000
          bar [612, 11.3]
      \`\`\`"
    `);
  });

  it('is empty when no size was measured', () => {
    expect(mermaidSizeChart([])).toBe('');
  });

  it('keeps labels inside their quotes', () => {
    expect(mermaidText('a "b" #1;\nc')).toBe("a 'b' no. 1, c");
  });
});

describe('published figures', () => {
  it('parses sizes as printed', () => {
    expect([parseReportedMb('11.3'), parseReportedMb('~860'), parseReportedMb('>1000'), parseReportedMb(null)]).toEqual(
      [11.3, 860, 1000, null],
    );
    expect(parseReportedMb('about half')).toBeNull();
  });

  it('prefers the DigitalOcean tutorial, else the first claim with a size', () => {
    const claims = claimsOf();
    expect(pickClaim(claims, 'multistage')?.source).toBe('do-tutorial-2019');
    const others = claims.filter((c) => c.source !== 'do-tutorial-2019');
    expect(pickClaim(others, 'multistage')?.source).toBe('ggicci-2018');
    expect(pickClaim(claims, 'scratch')).toBeNull();
  });
});

describe('logTicks', () => {
  it('steps 1-2-5 over few decades and thins out over many', () => {
    expect(logTicks(10, 1000)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
    expect(logTicks(0.1, 10_000)).toEqual([0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10_000]);
    expect(logTicks(1, 1000, 6)).toEqual([1, 10, 100, 1000]);
  });
});

describe('chartData', () => {
  it('gives the data of every chart of a run and adds the run to the trend', () => {
    const result = timedRun();
    const alone = chartData(result, []);
    expect(JSON.stringify(alone.specs.sizes)).toContain('published figure');
    expect(alone.specs.timing).not.toBeNull();
    expect(alone.specs.trend).toBeNull();
    expect(alone.mermaid.startsWith('```mermaid')).toBe(true);
    const withHistory = chartData(result, laterRun(result.measurements, 'r-later', 0.8));
    expect(JSON.stringify(withHistory.specs.trend)).toContain('Trend over 2 runs');
  });

  it('has no size chart when no size was measured', () => {
    const result = { ...sizeRun(), measurements: sizeRun().measurements.filter((m) => m.status !== 'ok') };
    expect(chartData(result, []).specs.sizes).toBeNull();
  });
});

/**
 * The compression story, from a real run with four compressions, three variants and three links
 * (test/fixtures/compression/results.json, unchanged: `npm run bench -- --variants ubuntu,multistage,scratch --metrics
 * size,deploy --compression gzip,zstd,zstd-19,none --node-kind docker-28` on a Docker 28.5 engine, run
 * 20261202T204711Z): the view derived once, the results.md section, the lesson's story against the published claims,
 * the model's crossover, and the chart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressionSpec } from '../../../src/report/charts/compression-chart.js';
import { compileSpec, renderSvg } from '../../../src/report/charts/render-svg.js';
import { renderIndexHtml } from '../../../src/report/lesson/render-index-html.js';
import { renderLesson } from '../../../src/report/lesson/render-lesson.js';
import { renderResultsMarkdown } from '../../../src/report/markdown/results-markdown.js';
import { viewOf } from '../../../src/report/outputs.js';
import { COMPRESSION_CLAIMS } from '../../../src/report/view/compression-claims.js';
import { formatBps, verdict } from '../../../src/report/view/compression-story.js';
import { estimatedPullMs, modelBands } from '../../../src/report/view/pull-model.js';
import { parseResults } from '../../../src/results/read-results.js';
import type { RunResult } from '../../../src/types.js';
import { fakeCharts, viewWith } from './view-fixture.js';

const FIXTURE = new URL('../../fixtures/compression/results.json', import.meta.url);

function compressionRun(): RunResult {
  const parsed = parseResults(readFileSync(FIXTURE, 'utf8'), 'results.json');
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
}

/** The same run with only the engine's gzip rows. */
function gzipOnly(run: RunResult): RunResult {
  return {
    ...run,
    measurements: run.measurements.filter((m) => !m.params.includes('compression=')),
    variants: run.variants.map((v) => ({ ...v, forms: (v.forms ?? []).filter((f) => f.compression === 'gzip') })),
  };
}

describe('the pull model', () => {
  const gzip = { compression: 'gzip', bytes: 300e6, unpackMs: 7000 };
  const zstd = { compression: 'zstd', bytes: 280e6, unpackMs: 4000 };
  const none = { compression: 'none', bytes: 900e6, unpackMs: 3000 };

  it('estimates a pull as unpacking plus the transfer at the link speed', () => {
    expect(estimatedPullMs(gzip, 100e6)).toBe(7000 + 24_000);
  });

  it('finds the crossover where the smaller form stops winning: 8 × Δbytes ÷ Δunpack', () => {
    // none wins on a fast link (least unpacking); zstd below 8 × 620e6 ÷ 1 s = 4.96 Gbit/s; gzip never.
    expect(modelBands([gzip, zstd, none])).toEqual([
      { compression: 'none', fromBps: (8 * 620e6) / 1, toBps: null },
      { compression: 'zstd', fromBps: 0, toBps: (8 * 620e6) / 1 },
    ]);
    expect(formatBps(4.96e9)).toBe('5 Gbit/s');
    expect(formatBps(310e6)).toBe('310 Mbit/s');
  });

  it('has one band when the smallest form is also the quickest to unpack', () => {
    expect(modelBands([gzip, zstd])).toEqual([{ compression: 'zstd', fromBps: 0, toBps: null }]);
  });
});

describe('claims', () => {
  it('hold the two published claims as data, named as the issue names their sources', () => {
    expect(COMPRESSION_CLAIMS.map((c) => c.source)).toEqual(['depot', 'AWS']);
    expect(COMPRESSION_CLAIMS[0]?.saving).toBeCloseTo(0.375, 6);
  });

  it('agree or not by the figures: an "up to" claim takes any saving up to it', () => {
    const aws = { saving: 0.27, upTo: true };
    const depot = { saving: 0.375, upTo: false };
    expect(verdict(0.21, aws)).toBe('agrees, within its "up to 27%"');
    expect(verdict(0.45, aws)).toBe('does not agree, more than its "up to 27%"');
    expect(verdict(-0.02, aws)).toBe('does not agree, zstd saved nothing here');
    expect(verdict(0.41, depot)).toBe('agrees, within 10 points of 38%');
    expect(verdict(0.1, depot)).toBe('does not agree, the same direction but less than the 38% claimed');
  });
});

describe('the compression view', () => {
  it('is derived once: four compressions, three variants largest first, three links, the fastest form marked', () => {
    const c = viewOf(compressionRun()).compression;
    expect(c?.facts.compressions).toEqual(['gzip', 'zstd', 'zstd-19', 'none']);
    expect(c?.facts.variants.map((v) => v.name)).toEqual(['ubuntu', 'multistage', 'scratch']);
    expect(c?.facts.links.map((l) => l.id)).toEqual(['loopback', '100mbit', '1gbit']);
    const ubuntu = c?.facts.variants[0];
    const fastest = (link: string) =>
      ubuntu?.forms.filter((f) => f.links.some((l) => l.link.id === link && l.fastest)).map((f) => f.compression);
    expect(fastest('loopback')).toEqual(['zstd-19']);
    expect(fastest('100mbit')).toEqual(['zstd-19']);
    expect(fastest('1gbit')).toEqual(['zstd-19']);
    expect(ubuntu?.forms.find((f) => f.compression === 'none')?.ofGzip).toBeCloseTo(916347904 / 329858546, 9);
    expect(ubuntu?.forms.find((f) => f.compression === 'zstd')?.mediaTypes).toEqual([
      'application/vnd.oci.image.layer.v1.tar+zstd',
    ]);
  });

  it("keeps the other forms' rows out of the variant tables and the lesson's steps", () => {
    const view = viewOf(compressionRun());
    expect(view.rows.map((r) => r.variant)).toEqual(['ubuntu', 'multistage', 'scratch']);
    expect(view.steps).toHaveLength(3);
    expect(view.deploy?.body.map((r) => r[0])).toEqual(['ubuntu', 'multistage', 'scratch']);
  });

  it('is null with one compression, and the section and the story are left out', () => {
    const view = viewWith(gzipOnly(compressionRun()));
    expect(view.compression).toBeNull();
    expect(renderResultsMarkdown(view)).not.toContain('## Compressions side by side');
    expect(renderLesson(view)).not.toContain('## Which compression wins');
  });
});

/** The run as a Docker 20.10 node gives it: every zstd deploy cell failed with the node's message. */
function zstdRefused(run: RunResult): RunResult {
  const why = 'pull: failed to register layer: unsupported media type application/vnd.oci.image.layer.v1.tar+zstd';
  return {
    ...run,
    measurements: run.measurements.map((m) =>
      /^compression=zstd/.test(m.params) && /^(deploy|pull)_/.test(m.metric)
        ? { ...m, status: 'failed', value: null, median: null, ci_low: null, ci_high: null, error: why }
        : m,
    ),
  };
}

describe('results.md', () => {
  it('says once why the cells a node could not measure are empty, and compares only what was measured', () => {
    const view = viewWith(zstdRefused(compressionRun()));
    const md = renderResultsMarkdown(view);
    expect(md).toContain('| ubuntu | zstd | failed | failed | failed |');
    expect(md).toContain(
      '- zstd, zstd-19 (ubuntu, multistage, scratch): pull: failed to register layer: unsupported media type application/vnd.oci.image.layer.v1.tar+zstd',
    );
    const lesson = renderLesson(view);
    expect(lesson).toContain('at 100 Mbit/s gzip deploys fastest, in 47.0 s (next: none, 86.9 s)');
    expect(lesson).toContain('not compared: no figure for both zstd and gzip');
  });

  it('has a section with the forms, the deploys per link with the fastest marked, and the pull parts with CPU', () => {
    const md = renderResultsMarkdown(viewWith(compressionRun(), fakeCharts({ compression: '<svg/>' })));
    const section = md.slice(md.indexOf('## Compressions side by side'), md.indexOf('## How the figures'));
    expect(section).toContain('| ubuntu | zstd | oci.image.layer.v1.tar+zstd | 291MB | 88.1% | 7.78 s (n=1) |');
    expect(section).toContain(
      '| ubuntu | zstd-19 | **16.8 s ± 2.9% min–max (n=3) fastest** | **34.0 s ± 0.4% min–max (n=3) fastest** |',
    );
    expect(section).toContain('| pull @loopback | node CPU @loopback |');
    expect(section).toContain('| scratch | none | 63.9 ms ± 4.7% (n=9) | 51.4 ms ± 2.3% (n=9) | 442 ms ± 1.2% (n=6) |');
    expect(section).toContain('![Deploy time against compressed size per compression');
    expect(section).toContain('(lesson.md#which-compression-wins-at-which-link)');
    // The variant tables list each variant once; the forms' rows are named only where each is measured and how.
    expect(md.slice(0, md.indexOf('## Compressions side by side'))).not.toContain('ubuntu (compression=');
    expect(md.slice(md.indexOf('## How the figures'))).toContain(
      '--dest-compress-level 19 from the decompressed layers; timed: that copy, process start included (ubuntu (compression=zstd-19)',
    );
  });
});

describe('the lesson', () => {
  const lesson = renderLesson(viewWith(compressionRun(), fakeCharts({ compression: '<svg/>' })));
  const story = lesson.slice(lesson.indexOf('## Which compression wins'), lesson.indexOf('## How these'));

  it('says which form wins at each link, per variant, from the figures', () => {
    expect(story).toContain(
      "**ubuntu** (330MB as gzip): at loopback zstd-19 deploys fastest, in 16.8 s against gzip's 23.4 s, 28% less, within the noise of none; at 100 Mbit/s zstd-19 deploys fastest, in 34.0 s against gzip's 47.0 s, 28% less;",
    );
    expect(story).toContain(
      "at 1 Gbit/s none deploys fastest, in 361 ms against gzip's 421 ms, 14% less, within the noise of zstd.",
    );
  });

  it('places the crossover by the model and says it is an estimate', () => {
    // ubuntu: none's pull at loopback 14.5 s, zstd-19's 14.6 s: 8 × (916347904 − 247288628) B over their difference.
    expect(story).toContain('an estimate from that model and not a measurement');
    expect(story).toContain(
      "the shortest pull is none's above 57 Gbit/s, zstd-19's below that; the crossover lies at 57 Gbit/s.",
    );
    // Where the model and the measurement disagree, the story says so rather than trusting the model.
    expect(story).toContain(
      'The model misses at 1 Gbit/s (measured shortest pull: none; model: zstd-19), so read the crossover as a rough guide.',
    );
  });

  it("says what zstd's higher level costs to produce, and when it pays back", () => {
    expect(story).toContain(
      'Producing and pushing zstd-19 instead of zstd took 69.3 s against 7.78 s for ubuntu (8.9×), for 14.9% fewer bytes; its deploy at 100 Mbit/s is 4.31 s shorter, so the extra 61.5 s pays back after 15 deploys at that link;',
    );
  });

  it('holds the published claims against our figures', () => {
    expect(story).toContain('| 60% faster decompression with zstd | depot |');
    expect(story).toContain(
      'node CPU for the pull at loopback speed: 16.1 s against 22.2 s, 28% less: agrees, within 10 points of 38%',
    );
    expect(story).toContain(
      'node CPU for the pull at loopback speed: 169 ms against 211 ms, 20% less: does not agree, the same direction but less than the 38% claimed',
    );
    expect(story).toContain(
      'deploy at 1 Gbit/s (its best link): 18.6 s against 25.3 s, 26% less: agrees, within its "up to 27%"',
    );
  });

  it('is on index.html too, with its chart inlined', async () => {
    const html = await renderIndexHtml(viewWith(compressionRun(), fakeCharts({ compression: '<svg><g/></svg>' })));
    expect(html).toContain('<section id="compression"><h2>Which compression wins, at which link</h2>');
    expect(html).toContain('<p><strong>ubuntu</strong> (330MB as gzip): at loopback zstd-19 deploys fastest');
    expect(html).toContain('<figure class="chart" id="chart-compression">');
  });
});

describe('the compression chart', () => {
  it('compiles without warnings: one panel per variant, one mark per compression, one line per link', async () => {
    const spec = compressionSpec(viewOf(compressionRun()).compression?.chart ?? null);
    expect(spec).not.toBeNull();
    if (!spec) return;
    expect((await compileSpec(spec)).warnings).toEqual([]);
    const svg = await renderSvg(spec);
    for (const text of ['ubuntu', 'multistage', 'scratch', 'link speed (lines)', 'compression', 'zstd-19', '1 Gbit/s'])
      expect(svg).toContain(`>${text}<`);
  });

  it('is not drawn below two compressions', () => {
    const view = viewOf(gzipOnly(compressionRun()), []);
    expect(view.charts?.specs.compression).toBeNull();
    expect(view.charts?.specs.deploy).not.toBeNull();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { inlineSvg } from '../../../src/report/format/html-escape.js';
import { barText } from '../../../src/report/lesson/bar-text.js';
import { renderIndexHtml } from '../../../src/report/lesson/render-index-html.js';
import { renderLesson as renderLessonOf } from '../../../src/report/lesson/render-lesson.js';
import type { ChartView } from '../../../src/report/view/run-view.js';
import { parseResults } from '../../../src/results/read-results.js';
import type { RunResult } from '../../../src/types.js';
import { row, sizeRun } from './fixture.js';
import { lessonRun } from './lesson-fixture.js';
import { fakeCharts, viewWith } from './view-fixture.js';

const SVG = (label: string) =>
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50" viewBox="0 0 100 50"><defs><clipPath id="clip1"><rect width="10" height="10"/></clipPath></defs><g clip-path="url(#clip1)"><text>${label}</text></g><use xlink:href="#clip1"/></svg>`;
const CHARTS: ChartView = fakeCharts(
  { sizes: SVG('sizes'), timing: SVG('timing') },
  '```mermaid\nxychart-beta\n  bar [866, 10, 5]\n```',
);

const renderLesson = (run: RunResult, charts: ChartView | null) => renderLessonOf(viewWith(run, charts));

/** The Markdown from a heading that starts with `start` to the next heading of its level or the next step anchor. */
function section(md: string, start: string): string {
  const level = start.split(' ')[0] ?? '##';
  const from = md.indexOf(`\n${start}`);
  if (from < 0) throw new Error(`no heading ${start}`);
  const rest = md.slice(from + 1);
  const next = rest.slice(1).search(new RegExp(`\\n(?:${level} |<a id=)`));
  return next < 0 ? rest : rest.slice(0, next + 1);
}

describe('renderLesson', () => {
  const md = renderLesson(lessonRun(), CHARTS);

  it('walks the steps in ascending order, not in the order the run lists them', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## Step '));
    expect(headings).toEqual([
      '## Step 1 of 4 · Official Go image — 866MB',
      '## Step 2 of 4 · Multi-stage &lt;build&gt; — 10MB',
      '## Step 3 of 4 · Static binary on scratch — 5MB',
      '## Step 4 of 4 · A step that does not compile — failed',
    ]);
  });

  it('keeps the run order when results.json predates `order`, and reads missing fields as absent', () => {
    const old = sizeRun();
    for (const v of old.variants) {
      const loose = v as Partial<typeof v>;
      delete loose.order;
      delete loose.pairWith;
      delete loose.layers;
      delete loose.anatomy;
    }
    // Read back as the report command reads a folder: through the one reader, which fills what the file lacks.
    const read = parseResults(JSON.stringify(old), 'results.json');
    if ('problem' in read) throw new Error(read.problem);
    const text = renderLesson(read, null);
    expect(text.split('\n').filter((l) => l.startsWith('## Step '))).toEqual([
      '## Step 1 of 3 · ubuntu — 612MB',
      '## Step 2 of 3 · multistage — 11.3MB',
      '## Step 3 of 3 · scratch — failed',
    ]);
    expect(text).not.toContain('Teaching pairs');
    expect(text).not.toContain('chart-sizes.svg');
    expect(text).not.toContain('```mermaid');
  });

  it('opens with where it was measured, the size chart and the Mermaid chart', () => {
    expect(md.split('\n')[0]).toBe("# Slimming a Go API's Docker image: 866MB → 5MB in 4 steps");
    expect(md).toContain('Measured on Docker 20.10.24 (API 1.41, overlay2) with the buildkit builder');
    expect(md).toContain(
      '![Image size per step: measured on this engine, next to the published figures](chart-sizes.svg)',
    );
    expect(md).toContain('```mermaid\nxychart-beta\n  bar [866, 10, 5]\n```');
    expect(renderLesson(lessonRun(), { ...CHARTS, mermaid: '```mermaid\npie\n```' })).toContain('```mermaid\npie\n```');
  });

  it('lists every step in a summary table linked to its section', () => {
    expect(section(md, '## The steps at a glance')).toMatchInlineSnapshot(`
      "## The steps at a glance

      | # | variant | base really used | image size | vs published | start-up | cold build |
      | ---: | --- | --- | ---: | --- | ---: | ---: |
      | 1 | [\`golang\`](#step-golang) | local/golang:1.23-bookworm (stands in for golang:1.23-bookworm) | 866MB | 744MB (+16%, do-tutorial-2019) | — | — |
      | 2 | [\`multistage\`](#step-multistage) | local/busybox:bookworm (stands in for alpine:3.21) | 10MB | 11.3MB (−12%, do-tutorial-2019) | 312 ms | 19.1 s |
      | 3 | [\`scratch\`](#step-scratch) | scratch | 5MB | 6.5MB (−23%, gadiener-medium) | 310 ms | 22.5 s |
      | 4 | [\`broken\`](#step-broken) | — | failed | — | — | — |
      "
    `);
  });

  it('shows each Dockerfile and its unified diff against the step before', () => {
    const first = section(md, '## Step 1 of 4');
    expect(first).toContain('```dockerfile\n# One stage on the official Go image.\nFROM local/golang:1.23-bookworm');
    expect(first).toContain('_The starting point: there is no earlier Dockerfile to compare with._');
    const second = section(md, '## Step 2 of 4');
    expect(second).toContain('### Diff against step 1 (`golang`)');
    expect(second).toContain(
      [
        '```diff',
        '--- golang/Dockerfile',
        '+++ multistage/Dockerfile',
        '@@ -1,6 +1,9 @@',
        '-# One stage on the official Go image.',
        '-FROM local/golang:1.23-bookworm',
        '+# Build, then copy only the binary. <script>alert("x")</script> & more',
        '+FROM local/golang:1.23-bookworm AS build',
        ' WORKDIR /src',
      ].join('\n'),
    );
    expect(second).toContain('-RUN go build -o api .\n-CMD ["./api"]\n+RUN go build -o /out/api .');
  });

  it('breaks the bytes down by instruction, base layers folded into one row, with a bar', () => {
    expect(section(section(md, '## Step 2 of 4'), '### Where the bytes are')).toMatchInlineSnapshot(`
      "### Where the bytes are

      | instruction | added | share |  |
      | --- | ---: | ---: | --- |
      | \`base image (local/busybox:bookworm, 2 layers)\` | 1MB | 10.0% | ██ |
      | \`COPY /out/api /api # buildkit\` | 9MB | 90.0% | ██████████████████ |
      | \`CMD ["/api"]\` | 0B | 0.0% |  |
      "
    `);
  });

  it('states the attack surface, and what was not measured', () => {
    expect(section(section(md, '## Step 2 of 4'), '### Attack surface')).toContain(
      [
        '| runs as root | ⚠️ yes |',
        '| shell | ⚠️ yes: /bin/sh |',
        '| package manager | ✅ none |',
        '| executable files | 402 |',
        '| setuid/setgid files | ⚠️ 1: /bin/busybox |',
        '| wasted bytes | ⚠️ 200kB in all layers, efficiency 98.0%; 150kB from this Dockerfile (1.5% of the image) |',
      ].join('\n'),
    );
    expect(section(md, '## Step 3 of 4')).toContain('| runs as root | ✅ no (user 65534:65534) |');
    expect(section(md, '## Step 1 of 4')).toContain('_Shells, package managers and wasted bytes were not measured');
  });

  it('gives timings as median ± rme, without a margin for one sample', () => {
    expect(section(md, '## Step 2 of 4')).toContain(
      '- start-up (create → first 200): 312 ms ± 9.5% min–max (n=5)\n- cold build (no cache): 19.1 s (n=1)',
    );
  });

  it('compares each teaching pair metric by metric, with the one change as a diff', () => {
    const pairs = section(md, '## Teaching pairs');
    expect(pairs.split('```diff')[0]).toMatchInlineSnapshot(`
      "## Teaching pairs: one change, measured

      Each pair differs in exactly one thing, so the difference is that thing’s cost or saving.

      ### \`multistage\` → \`scratch\`

      **Why:** CGO_ENABLED=0 makes the binary static.

      | metric | before: \`multistage\` | after: \`scratch\` | difference |
      | --- | ---: | ---: | ---: |
      | image size | 10MB | 5MB | −5MB (−50%) |
      | layers | 4 | 1 | −3 (−75%) |
      | cold build | 19.1 s (n=1) | 22.5 s (n=1) | +3.40 s (+18%) |
      | start-up | 312 ms ± 9.5% min–max (n=5) | 310 ms ± 9.5% min–max (n=5) | −2.00 ms (−0.6%) |

      "
    `);
    expect(pairs).toContain('-FROM local/busybox:bookworm\n+FROM scratch');
  });

  it('says in words when a pair built the same image, file for file, and where the change shows instead', () => {
    const run = lessonRun();
    const identity = (sameImageAs: string | null) => ({
      layerDigests: ['sha256:a'],
      contentKey: 'sha256:same',
      sameImageAs,
      sameLayerDigests: true,
      rebuildSameLayerDigests: null,
    });
    for (const v of run.variants) {
      if (v.variant === 'multistage') v.identity = identity(null);
      if (v.variant === 'scratch') v.identity = identity('multistage');
    }
    expect(section(renderLesson(run, CHARTS), '## Teaching pairs')).toContain(
      '> scratch builds the same image as multistage, file for file: the change shows in the build (its time and its cache use), not in the image.',
    );
    // Different images say nothing of the kind.
    expect(section(md, '## Teaching pairs')).not.toContain('builds the same image');
  });

  it('says so when a pair names a variant the run did not measure', () => {
    const run = lessonRun();
    run.variants = run.variants.filter((v) => v.variant !== 'multistage');
    run.measurements = run.measurements.filter((m) => m.variant !== 'multistage');
    expect(renderLesson(run, CHARTS)).toContain(
      '_This run did not measure `multistage`, so there is nothing to compare._',
    );
  });

  it('shows a failed step with its error instead of hiding it', () => {
    const broken = section(md, '## Step 4 of 4');
    expect(broken).toContain('`broken` **failed**: no image to measure');
    expect(broken).toContain(
      '> **This step failed.** Its error:\n\n```text\nbuild broken: RUN go build: exit code 1\nmain.go:3:2: <missing> import\n```',
    );
  });

  it('gives a variant that only has rows a step of its own', () => {
    const run = lessonRun();
    run.measurements.push(row('ghost', 'image_size', null, { status: 'skipped', error: 'no engine' }));
    const text = renderLesson(run, CHARTS);
    expect(text).toContain('## Step 5 of 5 · ghost — skipped');
    expect(text).toContain('```text\nno engine\n```');
  });

  it('ends with the timing chart and how the figures were measured', () => {
    expect(md).toContain(
      '## Time: build, pull and start-up\n\n![Build, pull and start-up time per step](chart-timing.svg)',
    );
    expect(md).not.toContain('chart-trend.svg');
    const footer = section(md, '## How these were measured');
    expect(footer).toContain('- run: r-20250301-1004');
    expect(footer).toContain('- date: 2025-03-01 10:04 UTC to 2025-03-01 10:09 UTC');
    expect(footer).toContain('[results.csv](results.csv)');
  });

  it('fences a Dockerfile that itself contains a fence', () => {
    const run = lessonRun();
    const golang = run.variants.find((v) => v.variant === 'golang');
    if (golang) golang.dockerfile = 'FROM scratch\n# ```\n';
    expect(renderLesson(run, CHARTS)).toContain('````dockerfile\nFROM scratch\n# ```\n````');
  });
});

describe('renderIndexHtml', () => {
  let html = '';
  beforeAll(async () => {
    html = await renderIndexHtml(viewWith(lessonRun(), CHARTS));
  });

  it('has the summary table, the charts as figures and one section per step, in order', () => {
    expect(html).toContain('<table id="summary">');
    expect(html.match(/<tr class="(ok|failed|skipped)">/g)).toHaveLength(4);
    expect(html.match(/<figure class="chart" id="chart-(\w+)">/g)).toEqual([
      '<figure class="chart" id="chart-sizes">',
      '<figure class="chart" id="chart-timing">',
    ]);
    const ids = [...html.matchAll(/<section class="step" id="([^"]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(['step-golang', 'step-multistage', 'step-scratch', 'step-broken']);
  });

  it('escapes Dockerfile text, titles and errors', () => {
    expect(html).toContain(
      '# Build, then copy only the binary. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more',
    );
    expect(html).toContain('<h2>Multi-stage &lt;build&gt;</h2>');
    expect(html).toContain('main.go:3:2: &lt;missing&gt; import');
    expect(html).not.toMatch(/<script/i);
  });

  it('loads nothing from the network: no http(s) in src, href or url()', () => {
    const refs = [...html.matchAll(/(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)([^"')\s>]*)/gi)].map(
      (m) => m[1] ?? '',
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => /^(https?:)?\/\//i.test(r))).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('colours the diff by line and draws the layer bars with CSS widths', () => {
    expect(html).toContain('<span class="del">-RUN go build -o api .</span>');
    expect(html).toContain('<span class="add">+RUN go build -o /out/api .</span>');
    expect(html).toContain('<div class="bar base"><span class="" style="width:10.00%"></span></div>');
    expect(html).toContain('<div class="bar"><span class="" style="width:90.00%"></span></div>');
  });

  it('marks root, shell and package manager with badges', () => {
    expect(html).toContain(
      '<span class="badge bad" title="runs as root: yes">runs as root</span><span class="badge bad" title="shell: yes: /bin/sh">shell inside</span><span class="badge good" title="package manager: none">no package manager</span>',
    );
    expect(html).toContain('<span class="badge good" title="runs as root: no (user 65534:65534)">non-root user</span>');
  });

  it('shows a failed step with its error', () => {
    const broken = html.slice(html.indexOf('<section class="step" id="step-broken">'));
    expect(broken).toContain('<div class="big">failed</div>');
    expect(broken).toContain('<div class="error"><strong>This step failed.</strong>');
  });
});

describe('inlineSvg', () => {
  it('drops the XML prologue and scripts, and prefixes ids and their references', () => {
    const svg = inlineSvg(`<?xml version="1.0"?>${SVG('a').replace('</svg>', '<script>x()</script></svg>')}`, 'c');
    expect(svg).toMatch(/^<svg /);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('<clipPath id="c-clip1">');
    expect(svg).toContain('clip-path="url(#c-clip1)"');
    expect(svg).toContain('xlink:href="#c-clip1"');
  });

  it('returns null for text that is not SVG', () => {
    expect(inlineSvg('chart failed', 'c')).toBeNull();
  });
});

describe('barText', () => {
  it('draws eighths of a cell and a sliver for any non-zero share', () => {
    expect(barText(1)).toBe('█'.repeat(20));
    expect(barText(0.5, 10)).toBe('█████');
    expect(barText(0.05, 10)).toBe('▌');
    expect(barText(0.0001)).toBe('▏');
    expect(barText(0)).toBe('');
  });
});

/**
 * Each export read by its consumer's own code or schema: github-action-benchmark's extraction of custom results,
 * Bencher's BMF JSON schema, the Prometheus Python client's OpenMetrics parser, and hyperfine's own
 * advanced_statistics.py and welch_ttest.py (pinned copies under test/consumers/). A missing tool is a failure with its
 * reason, never a skip: `npm test` installs them (scripts/consumers-up.sh).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../src/paths.js';
import { renderBencher } from '../../../src/report/exports/bencher.js';
import { renderBenchmarkAction } from '../../../src/report/exports/github-action-benchmark.js';
import { renderHyperfine } from '../../../src/report/exports/hyperfine.js';
import { renderOpenMetrics } from '../../../src/report/exports/openmetrics.js';
import { renderTidySamples } from '../../../src/report/exports/tidy-samples.js';
import type { RunResult } from '../../../src/types.js';
import {
  checkNotEmpty,
  extractCustomBenchmarkResult,
  extractRangeInfo,
} from '../../consumers/github-action-benchmark/extract-custom.js';
import { report, row, sizeRun, timedRow } from './fixture.js';
import { viewWith } from './view-fixture.js';

const CONSUMERS = join(ROOT, 'test', 'consumers');
/** The distribution's python3, whose packages the consumers come from (a python3 earlier on PATH may lack them). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Run python; a module it cannot import fails the test with one line naming the package and how to get it. */
function python(args: string[], input?: string): string {
  try {
    return execFileSync(PYTHON, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '');
    const missing = /No module named '([^']+)'/.exec(stderr)?.[1];
    if (missing)
      throw new Error(
        `${PYTHON} cannot import ${missing}: install Debian's python3-prometheus-client, python3-numpy and python3-scipy (npm test does, as root: sh scripts/consumers-up.sh)`,
      );
    throw new Error(`${PYTHON} ${args.join(' ')} failed: ${stderr.trim().split('\n').at(-1)}`);
  }
}

/** Two variants timed at start-up with their raw samples, one a sweep point; sizes, a flag and an efficiency. */
function exportRun(): RunResult {
  const base = sizeRun();
  const sweep = { params: 'goVersion=1.22' };
  const startup = (variant: string, samples: number[], extra = {}) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return timedRow(variant, 'startup', sorted[Math.floor(sorted.length / 2)] as number, 4, samples.length, {
      min: sorted[0] as number,
      max: sorted.at(-1) as number,
      ...extra,
    });
  };
  const scratch = [301, 298, 310, 305, 299, 302, 307, 300, 304];
  const multistage = [352, 347, 360, 349, 351, 355, 358, 346, 350];
  return {
    ...base,
    variants: [report('scratch', sweep), report('multistage', {})],
    measurements: [
      row('scratch', 'image_size', 5_062_808, sweep),
      row('scratch', 'has_shell', 0, { ...sweep, unit: 'flag' }),
      row('scratch', 'efficiency', 1, { ...sweep, unit: 'ratio' }),
      row('scratch', 'smoke', 1, { ...sweep, unit: 'pass' }),
      startup('scratch', scratch, sweep),
      row('multistage', 'image_size', 9_447_396),
      row('multistage', 'efficiency', 0.98, { unit: 'ratio' }),
      startup('multistage', multistage),
      row('multistage', 'build_cold', null, { unit: 'ms', status: 'failed', error: 'no engine' }),
    ],
    samples: { 'scratch|goVersion=1.22|startup': scratch, 'multistage||startup': multistage },
  };
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagediet-exports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('github-action-benchmark', () => {
  const view = viewWith(exportRun());

  it("parses both files with the action's own extraction, split by which way is better", () => {
    const smaller = renderBenchmarkAction(view, 'lower') as string;
    const bigger = renderBenchmarkAction(view, 'higher') as string;
    const lower = extractCustomBenchmarkResult(smaller);
    const higher = extractCustomBenchmarkResult(bigger);
    checkNotEmpty(lower, { outputFilePath: 'smaller.json' }, smaller);
    checkNotEmpty(higher, { outputFilePath: 'bigger.json' }, bigger);
    expect(lower.map((b) => b.name)).toEqual([
      'scratch (goVersion=1.22) image_size',
      'scratch (goVersion=1.22) has_shell',
      'scratch (goVersion=1.22) startup',
      'multistage image_size',
      'multistage startup',
    ]);
    expect(higher.map((b) => [b.name, b.value, b.unit])).toEqual([
      ['scratch (goVersion=1.22) efficiency', 1, 'ratio'],
      ['multistage efficiency', 0.98, 'ratio'],
    ]);
  });

  it("gives timed figures a range the action's own parser reads as the interval's wider side", () => {
    const startup = extractCustomBenchmarkResult(renderBenchmarkAction(view, 'lower') as string).find(
      (b) => b.name === 'multistage startup',
    );
    expect(startup).toMatchObject({ value: 351, unit: 'ms', range: '± 14.04' });
    expect(extractRangeInfo(startup?.range)).toEqual({ prefix: '± ', value: 14.04 });
  });

  it('writes no file for a direction with nothing in it: the action refuses an empty one', () => {
    const sizes = { ...exportRun(), measurements: [row('scratch', 'image_size', 5_062_808)] };
    expect(renderBenchmarkAction(viewWith(sizes), 'higher')).toBeNull();
  });
});

describe('Bencher Metric Format', () => {
  it("validates against Bencher's BMF JSON schema, bounds from the median's interval", async () => {
    const schema = JSON.parse(await readFile(join(CONSUMERS, 'bencher', 'bmf.json'), 'utf8'));
    const validate = new Ajv({ strict: true }).compile(schema);
    const bmf = JSON.parse(renderBencher(viewWith(exportRun())) as string);
    expect(validate(bmf), JSON.stringify(validate.errors)).toBe(true);
    expect(bmf.multistage.startup).toEqual({ value: 351, lower_value: 336.96, upper_value: 365.04 });
    expect(bmf['scratch (goVersion=1.22)'].image_size).toEqual({ value: 5_062_808 });
    // Bencher's own limits: a measure's slug or name at most 64 characters, a benchmark's name at most 1024.
    for (const [benchmark, measures] of Object.entries(bmf)) {
      expect(benchmark.length).toBeLessThanOrEqual(1024);
      for (const measure of Object.keys(measures as object)) expect(measure.length).toBeLessThanOrEqual(64);
    }
    expect(validate({ scratch: { startup: { lower_value: 1 } } })).toBe(false);
  });
});

describe('OpenMetrics', () => {
  it("parses with the Prometheus client's OpenMetrics parser: units, seconds, labels and # EOF", () => {
    const text = renderOpenMetrics(viewWith(exportRun())) as string;
    expect(text.endsWith('# EOF\n')).toBe(true);
    const script = [
      'import json, sys',
      'from prometheus_client.openmetrics.parser import text_string_to_metric_families',
      'out = [{"name": f.name, "type": f.type, "unit": f.unit, "samples": [[s.name, s.labels, s.value] for s in f.samples]}',
      '       for f in text_string_to_metric_families(sys.stdin.read())]',
      'print(json.dumps(out))',
    ].join('\n');
    const families = JSON.parse(python(['-c', script], text)) as {
      name: string;
      type: string;
      unit: string;
      samples: [string, Record<string, string>, number][];
    }[];
    expect(families.map((f) => [f.name, f.type, f.unit])).toEqual([
      ['imagediet_image_size_bytes', 'gauge', 'bytes'],
      ['imagediet_has_shell', 'gauge', ''],
      ['imagediet_efficiency_ratio', 'gauge', 'ratio'],
      ['imagediet_startup_seconds', 'gauge', 'seconds'],
    ]);
    const startup = families.find((f) => f.name === 'imagediet_startup_seconds');
    expect(startup?.samples).toEqual([
      [
        'imagediet_startup_seconds',
        { variant: 'scratch', params: 'goVersion=1.22', engine: 'Docker 20.10.24', store: 'overlay2 graph driver' },
        0.302,
      ],
      [
        'imagediet_startup_seconds',
        { variant: 'multistage', params: '', engine: 'Docker 20.10.24', store: 'overlay2 graph driver' },
        0.351,
      ],
    ]);
  });
});

describe('hyperfine JSON', () => {
  it("runs hyperfine's own advanced_statistics.py and welch_ttest.py unchanged, in seconds", async () => {
    const json = renderHyperfine(viewWith(exportRun()), 'startup') as string;
    const file = join(dir, 'startup.json');
    await writeFile(file, json);
    const stats = python([join(CONSUMERS, 'hyperfine', 'advanced_statistics.py'), file]);
    expect(stats).toContain("Command 'scratch (goVersion=1.22)'");
    expect(stats).toMatch(/Command 'multistage'\n {2}runs: +9\n {2}mean: +0\.352 s\n/);
    expect(stats).toContain('median:    0.351 s');
    const welch = python([join(CONSUMERS, 'hyperfine', 'welch_ttest.py'), file]);
    expect(welch).toContain('Command 1: scratch (goVersion=1.22)\nCommand 2: multistage');
    expect(welch).toContain('There is a difference between the two benchmarks (p < 0.05).');
    const parsed = JSON.parse(json);
    expect(parsed.results[0]).toMatchObject({ command: 'scratch (goVersion=1.22)', parameters: { goVersion: '1.22' } });
    expect(parsed.results[1].times).toHaveLength(9);
  });

  it('writes no file for a timed metric without raw samples', () => {
    expect(renderHyperfine(viewWith(exportRun()), 'build_cold')).toBeNull();
  });
});

describe('tidy samples', () => {
  it('has one CSV row per raw sample, in the order measured', () => {
    const records = parse(renderTidySamples(viewWith(exportRun())) as string, { columns: true }) as Record<
      string,
      string
    >[];
    expect(records).toHaveLength(18);
    expect(records[0]).toEqual({
      run: 'r-20250301-1004',
      variant: 'scratch',
      params: 'goVersion=1.22',
      metric: 'startup',
      index: '1',
      value: '301',
      unit: 'ms',
    });
    expect(records.at(-1)).toMatchObject({ variant: 'multistage', index: '9', value: '350' });
  });
});

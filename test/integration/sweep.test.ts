/** A parameter sweep on the real engine: two Go versions give two labelled rows per variant, each built by its own Go. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';

describe('--param goVersion=1.22,1.23 (local profile)', () => {
  let outcome: RunOutcome;
  let out: string;
  beforeAll(async () => {
    // A timed metric too: its tasks, temporary tags and samples must be told apart by their parameters.
    const opts = await testRunOptions({
      variants: ['scratch'],
      params: { goVersion: ['1.22', '1.23'] },
      metrics: ['size', 'startup'],
      runs: { build: 1, pull: 3, startup: 5 },
    });
    out = opts.out;
    outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
  });

  it('yields two rows per metric, labelled with the Go version, each binary built by that Go', () => {
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
    expect(outcome.result.variants.map((v) => [v.params, v.image, v.goVersion?.replace(/\.\d+$/, '')])).toEqual([
      ['goVersion=1.22', 'imagediet/scratch:local-goVersion-1.22', 'go1.22'],
      ['goVersion=1.23', 'imagediet/scratch:local-goVersion-1.23', 'go1.23'],
    ]);
    const sizes = outcome.result.measurements.filter((m) => m.metric === 'image_size');
    expect(sizes.map((m) => m.params)).toEqual(['goVersion=1.22', 'goVersion=1.23']);
    expect(sizes.every((m) => m.status === 'ok' && (m.value ?? 0) > 1e6)).toBe(true);
  });

  it('times start-up once per sweep point, n = 5 each, in two labelled rows', () => {
    const startup = outcome.result.measurements.filter((m) => m.metric === 'startup');
    expect(startup.map((m) => [m.params, m.status, m.samples])).toEqual([
      ['goVersion=1.22', 'ok', 5],
      ['goVersion=1.23', 'ok', 5],
    ]);
  });

  it('puts the params in a CSV column and splits the Markdown table by them', async () => {
    const csv = await readFile(path.join(out, 'results.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain(',params,');
    expect(csv).toMatch(/,scratch,goVersion=1\.22,image_size,/);
    const md = await readFile(path.join(out, 'results.md'), 'utf8');
    expect(md).toMatch(/\| scratch \(goVersion=1\.22\) /);
    expect(md).toMatch(/\| scratch \(goVersion=1\.23\) /);
  });
});

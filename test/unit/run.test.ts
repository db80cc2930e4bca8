import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunOptions } from '../../src/run/options.js';
import { silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import { FakeEngine } from '../support/fake-engine.js';
import { testRunOptions } from '../support/run-options.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

function options(): Promise<RunOptions> {
  return testRunOptions({ profile: 'hub', variantsDir: path.join(fixtures, 'variants'), smokeTimeoutMs: 5_000 });
}

describe('run with a fake engine', () => {
  let engine: FakeEngine;
  afterEach(async () => engine.close());

  it('keeps measuring after a variant fails, writes its rows, and exits 1', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    const opts = await options();
    const outcome = await run(opts, { engine, progress: silentProgress, signal: new AbortController().signal });
    expect(outcome.exitCode).toBe(1);
    expect(engine.builds).toEqual(['imagediet/one:hub', 'imagediet/two:hub']);
    const csv = await readFile(path.join(opts.out, 'results.csv'), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines.filter((l) => l.includes(',one,') && l.includes(',ok,'))).toHaveLength(5);
    expect(lines.filter((l) => l.includes(',two,') && l.includes(',failed,'))).toHaveLength(5);
    const json = JSON.parse(await readFile(path.join(opts.out, 'results.json'), 'utf8'));
    expect(json.variants.map((v: { variant: string; status: string }) => `${v.variant}:${v.status}`)).toEqual([
      'one:ok',
      'two:failed',
    ]);
    expect(json.variants[1].error).toContain('RUN false');
    const one = json.measurements.find(
      (m: { variant: string; metric: string }) => m.variant === 'one' && m.metric === 'own_bytes',
    );
    // The scratch-based variant's own bytes are the whole image.
    expect(one.value).toBe(1000);
  });

  it('removes the containers it created', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    await run(await options(), { engine, progress: silentProgress, signal: new AbortController().signal });
    expect(engine.containers.size).toBe(0);
  });
});

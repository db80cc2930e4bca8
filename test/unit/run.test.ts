import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-file.js';
import { checkRun } from '../../src/run/check-input.js';
import { thisMachineProbe } from '../../src/run/feasibility.js';
import type { RunOptions } from '../../src/run/options.js';
import { silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import type { MetricGroup } from '../../src/types.js';
import { FakeEngine } from '../support/fake-engine.js';
import { testRunOptions } from '../support/run-options.js';
import { file, savedImage, withContent } from './anatomy/saved-image.js';

/** This machine, without a vulnerability scanner whatever its PATH holds: the anatomy's rows do not depend on one. */
const noScanner = { ...thisMachineProbe, scanner: async () => null };

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
    const outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(outcome.exitCode).toBe(1);
    expect(engine.builds).toEqual(['imagediet/one:hub', 'imagediet/two:hub']);
    const csv = await readFile(path.join(opts.out, 'results.csv'), 'utf8');
    const lines = csv.trim().split('\n');
    // smoke, image_size, engine_reported_size, layers, own_bytes, context_bytes, binary_bytes
    expect(lines.filter((l) => l.includes(',one,') && l.includes(',ok,'))).toHaveLength(7);
    // Every metric of the groups asked for is failed, build_image_size and context_bytes included.
    expect(
      lines
        .filter((l) => l.includes(',two,') && l.includes(',failed,'))
        .map((l) => l.split(',')[9])
        .sort(),
    ).toEqual(
      [
        'smoke',
        'image_size',
        'engine_reported_size',
        'layers',
        'own_bytes',
        'binary_bytes',
        'context_bytes',
        'build_image_size',
      ].sort(),
    );
    const json = JSON.parse(await readFile(path.join(opts.out, 'results.json'), 'utf8'));
    expect(json.variants.map((v: { variant: string; status: string }) => `${v.variant}:${v.status}`)).toEqual([
      'one:ok',
      'two:failed',
    ]);
    expect(json.variants[1].error).toContain('RUN false');
    // Facts recorded as measured: the final stage's base from the rendered Dockerfile, root from the built image.
    expect([json.variants[0].finalBase, json.variants[0].runsAsRoot]).toEqual([
      { ref: 'scratch', standsFor: null },
      true,
    ]);
    expect(json.variants[1].runsAsRoot).toBeNull();
    const one = json.measurements.find(
      (m: { variant: string; metric: string }) => m.variant === 'one' && m.metric === 'own_bytes',
    );
    // The scratch-based variant's own bytes are the whole image.
    expect(one.value).toBe(1000);
  });

  it('removes the containers it created', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    await run(await checkRun(await options()), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(engine.containers.size).toBe(0);
  });

  it('appends each run to history.csv in the output folder', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    const opts = await options();
    const first = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    const second = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    const history = await readHistory(opts.out);
    expect([...new Set(history.map((r) => r.run_id))]).toEqual([first.result.runId, second.result.runId]);
    expect(history).toHaveLength(first.result.measurements.length + second.result.measurements.length);
  });

  it('runs a sweep as one labelled row set per parameter value, and a shard as its slice', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'golang:1.25-alpine3.23': 5000, 'alpine:3.21': 700 });
    const opts = { ...(await options()), variants: ['one'], params: { goVersion: ['1.25', '1.26'] } };
    const swept = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(swept.result.variants.map((v) => `${v.variant} ${v.params}`)).toEqual([
      'one goVersion=1.25',
      'one goVersion=1.26',
    ]);
    expect(engine.builds).toEqual(['imagediet/one:hub-goVersion-1.25', 'imagediet/one:hub-goVersion-1.26']);
    const sharded = await run(await checkRun({ ...opts, shard: { index: 2, count: 2 } }), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(sharded.result.shard).toBe('2/2');
    expect(sharded.result.variants.map((v) => v.params)).toEqual(['goVersion=1.26']);
  });

  it('reads each image’s layers for the anatomy rows, and a failed read costs only those cells', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    engine.savedImages.set(
      'imagediet/one:hub',
      await savedImage([
        [
          file('api', 1000, 0o755),
          file('etc/passwd', 300),
          withContent('var/lib/dpkg/status', 'Package: tzdata\nStatus: install ok installed\nVersion: 2025a-1\n'),
        ],
      ]),
    );
    const opts = { ...(await options()), variants: ['one'], metrics: ['size', 'anatomy'] as MetricGroup[] };
    const outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
      probe: noScanner,
    });
    const row = (metric: string) => outcome.result.measurements.find((m) => m.metric === metric);
    const value = (metric: string) => row(metric)?.value;
    expect([value('executables'), value('has_shell'), value('has_package_manager'), value('wasted_bytes')]).toEqual([
      1, 0, 0, 0,
    ]);
    expect(outcome.result.variants[0]?.runsAsRoot).toBe(true);
    expect(value('packages')).toBe(1);
    expect(outcome.result.variants[0]?.packages?.os.map((p) => p.name)).toEqual(['tzdata']);
    // No scanner: the plan said so once, and the cell is skipped with that reason, not failed.
    expect(outcome.result.announced?.map((a) => a.subject)).toContain('vulnerabilities');
    expect(row('vulnerabilities')).toMatchObject({ status: 'skipped', error: 'neither trivy nor grype is on PATH' });
    expect(outcome.result.variants[0]?.packages?.vulnerabilities).toEqual({
      skipped: 'neither trivy nor grype is on PATH',
    });
    expect(outcome.exitCode).toBe(0);

    engine.savedImages.clear();
    const broken = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
      probe: noScanner,
    });
    const anatomyRows = broken.result.measurements.filter(
      (m) => m.metric === 'executables' || m.metric === 'efficiency',
    );
    expect(anatomyRows.map((m) => m.status)).toEqual(['failed', 'failed']);
    expect(anatomyRows[0]?.error).toMatch(/^anatomy: .*holds no saved tar/);
    // The scanner's cell is the plan's skip, once, not also a failure of the layer read.
    expect(broken.result.measurements.filter((m) => m.metric === 'vulnerabilities').map((m) => m.status)).toEqual([
      'skipped',
    ]);
    expect(broken.result.measurements.find((m) => m.metric === 'image_size')?.status).toBe('ok');
  });

  it('fails the run when a requested metric group fails, and says which group in the summary and results.md', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    // No saved image: the anatomy read fails while the variant builds, serves and is sized.
    const opts = { ...(await options()), variants: ['one'], metrics: ['size', 'anatomy'] as MetricGroup[] };
    const notes: string[] = [];
    const progress = { ...silentProgress, note: (m: string) => notes.push(m) };
    const outcome = await run(await checkRun(opts), {
      engine,
      progress,
      signal: new AbortController().signal,
      probe: noScanner,
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.variants[0]?.status).toBe('ok');
    expect(notes).toContainEqual(expect.stringMatching(/^FAILED one: anatomy failed: anatomy: .*holds no saved tar/));
    expect(notes.at(-1)).toMatch(/^0 of 1 variant\(s\) ok; metric groups failed: one: anatomy; wrote /);
    const md = await readFile(path.join(opts.out, 'results.md'), 'utf8');
    const row = md.split('\n').find((l) => l.startsWith('| one '));
    expect(row).toMatch(/\| failed: \w+: anatomy: /);
  });

  it('exits 0 and counts every variant ok when every requested group measured', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    const opts = { ...(await options()), variants: ['one'] };
    const notes: string[] = [];
    const progress = { ...silentProgress, note: (m: string) => notes.push(m) };
    const outcome = await run(await checkRun(opts), { engine, progress, signal: new AbortController().signal });
    expect(outcome.exitCode).toBe(0);
    expect(notes.at(-1)).toMatch(/^1 of 1 variant\(s\) ok; wrote /);
  });

  it('stops node engines left by killed runs at its start, before the first build, and tells progress', async () => {
    engine = new FakeEngine({ 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 });
    const opts = { ...(await options()), variants: ['one'], metrics: ['size'] as MetricGroup[] };
    const notes: string[] = [];
    const progress = { ...silentProgress, note: (m: string) => notes.push(m) };
    let buildsThen: number | null = null;
    const cleanStaleNodes = async (note: (line: string) => void) => {
      buildsThen = engine.builds.length;
      note('node engine of an earlier run: removed engine node-x: its owner, pid 1234, has exited');
    };
    await run(await checkRun(opts), { engine, progress, signal: new AbortController().signal, cleanStaleNodes });
    expect(buildsThen).toBe(0);
    expect(notes).toContain('node engine of an earlier run: removed engine node-x: its owner, pid 1234, has exited');
  });
});

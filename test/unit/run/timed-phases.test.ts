import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushResult } from '../../../src/engine/engine.js';
import { checkRun } from '../../../src/run/check-input.js';
import type { RunOptions } from '../../../src/run/options.js';
import { silentProgress } from '../../../src/run/progress.js';
import { run } from '../../../src/run/run.js';
import type { Measurement, MetricGroup } from '../../../src/types.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { testRunOptions } from '../../support/run-options.js';
import { type FakeRegistry, makeImage, serve, startFakeRegistry } from '../registry/fake-registry.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const BASES = { 'golang:1.25-alpine3.23': 5000, 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The fake engine, plus a push that lands in a fake registry and containers whose create takes a set time. */
class TimingEngine extends FakeEngine {
  createDelays: number[] = [];
  /** The n-th container created (1-based) cannot be removed. */
  failRemovalOf = 0;
  private created = new Map<string, number>();
  constructor(private readonly registry: FakeRegistry | null) {
    super(BASES);
  }
  override async pushImage(_localRef: string, registryRef: string): Promise<PushResult> {
    if (!this.registry) throw new Error('no registry in this test');
    const m = /^[^/]+\/(.+):([^:]+)$/.exec(registryRef);
    const image = await makeImage([{ api: registryRef }]);
    serve(this.registry, m?.[1] ?? '', m?.[2] ?? '', image);
    return { ref: registryRef, digest: image.digest, ms: 1 };
  }
  override async createContainer(spec: Parameters<FakeEngine['createContainer']>[0]): Promise<string> {
    await sleep(this.createDelays.shift() ?? 0);
    const id = await super.createContainer(spec);
    this.created.set(id, this.created.size + 1);
    return id;
  }
  override async removeContainer(id: string): Promise<void> {
    if (this.created.get(id) === this.failRemovalOf) throw new Error(`remove container ${id}: device or resource busy`);
    return super.removeContainer(id);
  }
}

function options(metrics: MetricGroup[], extra: Partial<RunOptions> = {}): Promise<RunOptions> {
  return testRunOptions({
    profile: 'hub',
    variantsDir: path.join(fixtures, 'variants'),
    smokeTimeoutMs: 5_000,
    variants: ['one'],
    metrics,
    runs: { build: 2, pull: 2, startup: 3 },
    ...extra,
  });
}

const rowsOf = (rows: Measurement[], metric: string) =>
  rows.filter((m) => m.metric === metric).map((m) => `${m.params} ${m.status} n=${m.samples}`);

describe('timed phases with the fake engine', () => {
  let engine: TimingEngine;
  let registry: FakeRegistry | null = null;
  afterEach(async () => {
    await engine.close();
    await registry?.close();
    registry = null;
  });

  it('times every timed metric of a parameter sweep, one labelled row per point', async () => {
    registry = await startFakeRegistry();
    engine = new TimingEngine(registry);
    const opts = await options(['size', 'build', 'pull', 'startup'], {
      params: { goVersion: ['1.25', '1.26'] },
      registry: registry.host,
    });
    // Engine pulls need a node engine; this test is about the sweep, so it gets none (pull-phase.test.ts has one).
    const openNode = () => Promise.reject(new Error('no node engine in this test'));
    const { result } = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
      openNode,
    });
    for (const metric of ['build_cold', 'build_warm', 'startup', 'startup_create']) {
      const n = metric.startsWith('build') ? 2 : 3;
      expect(rowsOf(result.measurements, metric), metric).toEqual([
        `goVersion=1.25 ok n=${n}`,
        `goVersion=1.26 ok n=${n}`,
      ]);
    }
    expect(rowsOf(result.measurements, 'build_warm_cache_hits')).toEqual([
      'goVersion=1.25 ok n=2',
      'goVersion=1.26 ok n=2',
    ]);
    expect(Object.keys(result.samples).filter((k) => k.endsWith('|startup'))).toEqual([
      'one|goVersion=1.25|startup',
      'one|goVersion=1.26|startup',
    ]);
    // Each point's timed builds write their own temporary tag.
    const temp = engine.builds.filter((t) => t.startsWith('imagediet-tmp/'));
    expect(new Set(temp).size).toBe(4);
  }, 30_000);

  it('keeps start-up samples in measurement order, each total the sum of its own parts', async () => {
    engine = new TimingEngine(null);
    // The smoke test creates the first container; then uneven create times put the totals out of sorted order.
    engine.createDelays = [0, 40, 2, 20];
    const opts = await options(['size', 'startup']);
    const { result } = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    const s = (part: string) => result.samples[`one||${part}`] ?? [];
    const totals = s('startup');
    expect(totals).toHaveLength(3);
    expect(s('startup_create')[0]).toBeGreaterThan(35);
    totals.forEach((total, i) => {
      const parts = (s('startup_create')[i] ?? 0) + (s('startup_start')[i] ?? 0) + (s('startup_ready')[i] ?? 0);
      expect(parts).toBeCloseTo(total, 6);
    });
  }, 30_000);

  it('ends a start-up cell whose container removal fails as failed, with the error, and the run goes on', async () => {
    engine = new TimingEngine(null);
    // Each point's smoke test creates one container; the third is the first start-up sample of goVersion=1.25.
    engine.failRemovalOf = 3;
    const opts = await options(['size', 'startup'], { variants: ['one'], params: { goVersion: ['1.25', '1.26'] } });
    const { result } = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    const startup = result.measurements.filter((m) => m.metric === 'startup');
    expect(startup.map((m) => `${m.params} ${m.status}`)).toEqual(['goVersion=1.25 failed', 'goVersion=1.26 ok']);
    expect(startup[0]?.error).toMatch(/^startup: after a sample: remove container c\d+: device or resource busy$/);
    expect(startup[1]?.samples).toBe(3);
  }, 10_000);

  it('tells progress when the smoke container cannot be removed, and the variant still measures', async () => {
    engine = new TimingEngine(null);
    engine.failRemovalOf = 1;
    const notes: string[] = [];
    const progress = { ...silentProgress, note: (line: string) => void notes.push(line) };
    const opts = await options(['size'], { variants: ['one'] });
    const { result } = await run(await checkRun(opts), { engine, progress, signal: new AbortController().signal });
    expect(notes.filter((n) => n.startsWith('clean-up: '))).toEqual([
      expect.stringMatching(
        /^clean-up: remove smoke container c\d+ failed: remove container c\d+: device or resource busy$/,
      ),
    ]);
    expect(result.measurements.find((m) => m.metric === 'smoke')?.status).toBe('ok');
  });

  it('warns about outliers in the start-up parts too', async () => {
    engine = new TimingEngine(null);
    // After the smoke test's container, six creates of 10 ms and one of 120 ms.
    engine.createDelays = [0, 10, 10, 10, 120, 10, 10, 10];
    const opts = await options(['size', 'startup'], { runs: { build: 1, pull: 1, startup: 7 } });
    const { result } = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    // The 120 ms create is an outlier in any case; on a loaded machine timer jitter among the 10 ms ones may add more.
    const warnings = result.warnings.filter((w) => w.startsWith('startup_create'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^startup_create one: [1-6] of 7 samples are outliers \(modified Z > 3\.5\); .* raise --runs$/,
    );
  }, 30_000);
});

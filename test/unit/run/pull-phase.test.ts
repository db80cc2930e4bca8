import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResult, PushResult } from '../../../src/engine/engine.js';
import type { CleanupNote } from '../../../src/errors.js';
import type { NodeEngine } from '../../../src/node/node-engine.js';
import { localProber } from '../../../src/node/ready-probe.js';
import { checkRun } from '../../../src/run/check-input.js';
import { type Progress, silentProgress } from '../../../src/run/progress.js';
import type { OpenNode } from '../../../src/run/pull-phase.js';
import { run } from '../../../src/run/run.js';
import type { Measurement } from '../../../src/types.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { testRunOptions } from '../../support/run-options.js';
import { type FakeRegistry, makeImage, serve, startFakeRegistry } from '../registry/fake-registry.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const BASES = { 'golang:1.25-alpine3.23': 5000, 'alpine:3.21': 700 };

/** The user's engine: pushes land in the fake registry. */
class UserEngine extends FakeEngine {
  constructor(private readonly registry: FakeRegistry) {
    super(BASES);
  }
  override async pushImage(_localRef: string, registryRef: string): Promise<PushResult> {
    const m = /^[^/]+\/(.+):([^:]+)$/.exec(registryRef);
    const image = await makeImage([{ api: registryRef }]);
    serve(this.registry, m?.[1] ?? '', m?.[2] ?? '', image);
    return { ref: registryRef, digest: image.digest, ms: 1 };
  }
}

/** A node whose pulls take a set time per link, and which records every wipe and link change. */
class FakeNode implements NodeEngine {
  readonly events: string[] = [];
  owned = true;
  label = 'fake node';
  kind = null;
  cpuMs = null;
  cpuUnreadable = 'a fake node has no cgroup';
  hostPort = null;
  prober = localProber();
  private bps: number | null = null;
  readonly engine: FakeEngine;
  constructor(pullMs: (bps: number | null) => number, alreadyExist = 0) {
    const node = this;
    this.engine = new (class extends FakeEngine {
      override async pullImage(...args: string[]): Promise<PullResult> {
        node.events.push(`pull ${args[0]?.split('/')[2]?.split(':')[0]}`);
        return { ms: pullMs(node.bps), layersDownloaded: 1, layersAlreadyExist: alreadyExist };
      }
    })();
  }
  async link(bps: number | null) {
    if (bps !== this.bps) this.events.push(`link ${bps}`);
    this.bps = bps;
    return '127.0.0.1:5000';
  }
  linkNote = (bps: number | null) => (bps === null ? 'loopback' : `fake ${bps / 1e6} Mbit/s`);
  async wipe() {
    this.events.push('wipe');
  }
  /** What the phase gave the node for its clean-up failures. */
  note: CleanupNote = () => {};
  async [Symbol.asyncDispose]() {
    this.events.push('dispose');
    await this.engine.close();
  }
}

const rows = (ms: Measurement[], metric: string) =>
  ms.filter((m) => m.metric === metric).map((m) => `${m.variant} ${m.status} ${m.value} n=${m.samples}`);

describe('pulls and deploys on a node engine (fake)', () => {
  let registry: FakeRegistry;
  let engine: UserEngine;
  afterEach(async () => {
    await engine.close();
    await registry.close();
  });

  let outDir = '';
  async function bench(
    node: FakeNode | Error,
    metrics: ('pull' | 'deploy')[],
    progress: Progress = silentProgress,
    signal = new AbortController().signal,
    links?: ('loopback' | '100mbit' | '1gbit')[],
  ) {
    registry = await startFakeRegistry();
    engine = new UserEngine(registry);
    const opts = await testRunOptions({
      profile: 'hub',
      variantsDir: path.join(fixtures, 'variants'),
      variants: ['one'],
      metrics: ['size', ...metrics],
      runs: { build: 1, pull: 2, startup: 1 },
      registry: registry.host,
      smokeTimeoutMs: 5_000,
      ...(links ? { links } : {}),
    });
    outDir = opts.out;
    const openNode: OpenNode = async (_ctx, _opts, _registry, note) => {
      if (node instanceof Error) throw node;
      node.note = note;
      return node;
    };
    return (await run(await checkRun(opts), { engine, progress, signal, openNode })).result;
  }

  it('tells a node release that failed to progress, within a stop step that says it failed', async () => {
    const node = new (class extends FakeNode {
      override async [Symbol.asyncDispose]() {
        await super[Symbol.asyncDispose]();
        this.note('clean-up: stop fake node failed: device busy');
      }
    })(() => 50);
    const lines: string[] = [];
    let step = '';
    const progress: Progress = {
      start: (label) => {
        step = label;
      },
      done: (outcome) => lines.push(`${step}: ${outcome}`),
      note: (line) => lines.push(line),
      close() {},
    };
    await bench(node, ['pull'], progress);
    const stop = lines.indexOf('node engine: stop: FAILED: see the clean-up line(s) above');
    expect(lines[stop - 1]).toBe('clean-up: stop fake node failed: device busy');
  });

  it('deploys at each link into an emptied node, one series per link, the pull part giving the pull rows', async () => {
    const node = new FakeNode((bps) => (bps === null ? 30 : bps === 100e6 ? 400 : 60));
    const labels: string[] = [];
    const result = await bench(node, ['pull'], { ...silentProgress, start: (l) => void labels.push(l) });
    expect(rows(result.measurements, 'pull_engine_cold')).toEqual(['one ok 30 n=2']);
    expect(rows(result.measurements, 'pull_engine_100mbit')).toEqual(['one ok 400 n=2']);
    expect(rows(result.measurements, 'pull_engine_1gbit')).toEqual(['one ok 60 n=2']);
    // One series of cold pulls per link, and no other: the deploys.
    expect(labels.filter((l) => /pull|deploy/.test(l))).toEqual([
      'deploys at loopback (1 images, interleaved; node emptied before each sample)',
      'deploys at 100 Mbit/s (1 images, interleaved; node emptied before each sample)',
      'deploys at 1 Gbit/s (1 images, interleaved; node emptied before each sample)',
    ]);
    expect(node.events).toEqual([
      'wipe',
      'pull one',
      'wipe',
      'pull one',
      'wipe',
      'link 100000000',
      'pull one',
      'wipe',
      'pull one',
      'link null',
      'wipe',
      'link 1000000000',
      'pull one',
      'wipe',
      'pull one',
      'link null',
      'dispose',
    ]);
    const note = result.measurements.find((m) => m.metric === 'pull_engine_100mbit')?.note;
    expect(note).toBe('the pull part of each deploy_100mbit sample: a cold pull over fake 100 Mbit/s');
    // Only pulls were asked for: no deploy rows.
    expect(result.measurements.some((m) => m.metric.startsWith('deploy_'))).toBe(false);
  });

  it('deploys over the links asked for (--links) and no other', async () => {
    const node = new FakeNode((bps) => (bps === null ? 30 : 400));
    const labels: string[] = [];
    const progress = { ...silentProgress, start: (l: string) => void labels.push(l) };
    const result = await bench(node, ['deploy'], progress, undefined, ['100mbit']);
    expect(labels.filter((l) => /deploy/.test(l))).toEqual([
      'deploys at 100 Mbit/s (1 images, interleaved; node emptied before each sample)',
    ]);
    expect(rows(result.measurements, 'pull_engine_100mbit')).toEqual(['one ok 400 n=2']);
    const metrics = new Set(result.measurements.map((m) => m.metric));
    expect([...metrics].filter((m) => /loopback|1gbit|pull_engine_cold/.test(m))).toEqual([]);
    expect(node.events.filter((e) => e.startsWith('link'))).toEqual(['link 100000000', 'link null']);
  });

  it('keeps and publishes each finished link series when the run is stopped during the next one', async () => {
    const stop = new AbortController();
    const node = new (class extends FakeNode {
      override async link(bps: number | null) {
        // The user stops the run as the 100 Mbit/s series begins: the loopback series has ended.
        if (bps === 100e6) stop.abort(new Error('stopped by the user'));
        return super.link(bps);
      }
    })(() => 40);
    await expect(bench(node, ['deploy'], silentProgress, stop.signal)).rejects.toThrow();
    const written = JSON.parse(await readFile(path.join(outDir, 'results.json'), 'utf8')) as {
      measurements: Measurement[];
      samples: Record<string, number[]>;
    };
    expect(rows(written.measurements, 'deploy_loopback')).toEqual([expect.stringMatching(/^one ok [\d.]+ n=2$/)]);
    expect(rows(written.measurements, 'pull_engine_cold')).toEqual(['one ok 40 n=2']);
    expect(written.samples['one||deploy_loopback']).toHaveLength(2);
    expect(rows(written.measurements, 'image_size_compressed')).toEqual([expect.stringMatching(/^one ok \d+ n=/)]);
    // The series under way when the run stopped has no row: it neither passed nor failed.
    expect(written.measurements.some((m) => m.metric === 'deploy_100mbit')).toBe(false);
  });

  it('deploys on an empty node and records pull, create, start and ready, summing to each total', async () => {
    const node = new FakeNode((bps) => (bps === 100e6 ? 500 : 70));
    const result = await bench(node, ['deploy']);
    expect(rows(result.measurements, 'pull_engine_100mbit')).toEqual(['one ok 500 n=2']);
    expect(rows(result.measurements, 'pull_engine_1gbit')).toEqual(['one ok 70 n=2']);
    for (const link of ['loopback', '100mbit', '1gbit']) {
      const total = result.samples[`one||deploy_${link}`] ?? [];
      expect(total).toHaveLength(2);
      const pullMetric = {
        loopback: 'pull_engine_cold',
        '100mbit': 'pull_engine_100mbit',
        '1gbit': 'pull_engine_1gbit',
      }[link];
      const part = (p: string) =>
        result.samples[p === 'pull' ? `one||${pullMetric}` : `one||deploy_${link}_${p}`] ?? [];
      total.forEach((t, i) => {
        const sum = ['pull', 'create', 'start', 'ready'].reduce((s, p) => s + (part(p)[i] ?? 0), 0);
        expect(sum).toBeCloseTo(t, 9);
      });
    }
    expect(result.measurements.find((m) => m.metric === 'deploy_100mbit')?.status).toBe('ok');
    expect(result.measurements.find((m) => m.metric === 'image_size_compressed')?.status).toBe('ok');
  });

  it('fails a link-speed cell whose pulls beat the physics of the link, naming the bound', async () => {
    // The fake image is about 200 bytes: 0 ms is faster than any link can carry it.
    const node = new FakeNode((bps) => (bps === null ? 0 : 0));
    const result = await bench(node, ['pull']);
    expect(rows(result.measurements, 'pull_engine_cold')).toEqual(['one ok 0 n=2']);
    const m = result.measurements.find((r) => r.metric === 'pull_engine_100mbit');
    expect(m?.status).toBe('failed');
    expect(m?.error).toMatch(
      /^pull_engine_100mbit: a pull took 0 ms, faster than \d+ bytes can cross a 100 Mbit\/s link \([\d.]+ ms\): the link limit did not hold$/,
    );
    expect(result.measurements.find((r) => r.metric === 'deploy_100mbit')).toBeUndefined();
  });

  it('fails a pull that found a layer already on the node: it was not cold', async () => {
    const node = new FakeNode(() => 50, 1);
    const result = await bench(node, ['pull']);
    const m = result.measurements.find((r) => r.metric === 'pull_engine_cold');
    expect(m).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^pull_engine_cold: not a fresh node: 1 layer\(s\) of \S+ already existed$/),
    });
  });

  it('fails engine pulls and deploys with the reason when the node engine cannot be started', async () => {
    const result = await bench(new Error('engine.sh up: dockerd did not answer'), ['pull', 'deploy']);
    for (const metric of ['pull_engine_cold', 'pull_engine_1gbit', 'deploy_100mbit', 'deploy_1gbit_ready']) {
      const m = result.measurements.find((r) => r.metric === metric);
      expect(m, metric).toMatchObject({ status: 'failed', error: 'node engine: engine.sh up: dockerd did not answer' });
    }
  });
});

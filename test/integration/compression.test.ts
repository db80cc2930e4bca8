/**
 * The compression axis on real engines: each image pushed in every form, the registry's manifests read back by this
 * test with plain HTTP (not the harness's client), deploys of every form at every link on a Docker 28 node with the
 * physics floor held, the node's CPU time of each pull, and what a Docker 20.10 node does with zstd layers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRun } from '../../src/run/check-input.js';
import type { Progress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import type { Measurement } from '../../src/types.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';

/** One manifest as the registry serves it. */
interface Served {
  repo: string;
  tag: string;
  mediaType: string;
  layers: { mediaType: string; size: number }[];
}

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Every manifest in the registry at `host`, by the registry's own catalogue, with plain GETs. */
async function readRegistry(host: string): Promise<Served[]> {
  const get = async (path: string, accept?: string) => {
    const res = await fetch(`http://${host}${path}`, accept ? { headers: { Accept: accept } } : {});
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const out: Served[] = [];
  for (const repo of ((await get('/v2/_catalog')).repositories as string[]) ?? []) {
    for (const tag of ((await get(`/v2/${repo}/tags/list`)).tags as string[] | null) ?? []) {
      const m = await get(`/v2/${repo}/manifests/${tag}`, ACCEPT);
      out.push({ repo, tag, mediaType: m.mediaType as string, layers: m.layers as Served['layers'] });
    }
  }
  return out;
}

/** A progress that reads the registry once every form is pushed (as the node starts), while it still serves. */
function registryReader(): { progress: Progress; served: () => Promise<Served[]> } {
  let host = '';
  let read: Promise<Served[]> | null = null;
  const progress: Progress = {
    start(label) {
      if (label === 'node engine' && host) read = readRegistry(host);
    },
    done(outcome) {
      host = /^serving at (\S+)$/.exec(outcome)?.[1] ?? host;
    },
    note() {},
    close() {},
  };
  return { progress, served: () => read ?? Promise.reject(new Error('the run never started its node engine')) };
}

const LAYER_TYPES = {
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  'zstd-19': 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;
const FORMS = Object.keys(LAYER_TYPES) as (keyof typeof LAYER_TYPES)[];
const paramsOf = (form: string) => (form === 'gzip' ? '' : `compression=${form}`);

describe('every form of scratch and multistage, deployed on a docker-28 node', () => {
  let outcome: RunOutcome;
  let served: Served[];

  beforeAll(async () => {
    const reader = registryReader();
    outcome = await run(
      await checkRun(
        await testRunOptions({
          variants: ['multistage', 'scratch'],
          metrics: ['size', 'deploy'],
          runs: { build: 1, pull: 2, startup: 1 },
          compressions: [...FORMS],
          nodeKind: 'docker-28',
        }),
      ),
      { engine, progress: reader.progress, signal: new AbortController().signal },
    );
    served = await reader.served();
  });

  const row = (variant: string, form: string, metric: string) =>
    outcome.result.measurements.find(
      (m) => m.variant === variant && m.params === paramsOf(form) && m.metric === metric,
    ) as Measurement;

  it('exits 0 with every cell ok, on the node kind asked for', () => {
    const bad = outcome.result.measurements.filter((m) => m.status !== 'ok');
    expect(bad.map((m) => `${m.variant} ${m.params} ${m.metric}: ${m.error}`)).toEqual([]);
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
    expect(outcome.result.environment?.deployNode).toMatch(/^docker-28 engine .*Docker 28\.5/);
  });

  it("pushes each form with the layer type it names, as the registry's own manifests say", () => {
    for (const variant of ['multistage', 'scratch'])
      for (const form of FORMS) {
        const repo = form === 'gzip' ? `imagediet/${variant}` : `imagediet/${variant}/${form}`;
        const manifests = served.filter((s) => s.repo === repo);
        expect(manifests, `${repo} in the registry`).toHaveLength(1);
        const m = manifests[0] as Served;
        expect(new Set(m.layers.map((l) => l.mediaType)), repo).toEqual(new Set([LAYER_TYPES[form]]));
        const bytes = m.layers.reduce((s, l) => s + l.size, 0);
        expect(row(variant, form, 'image_size_compressed').value, repo).toBe(bytes);
        const record = outcome.result.variants
          .find((v) => v.variant === variant)
          ?.forms?.find((f) => f.compression === form);
        expect(
          record?.layers.map((l) => l.mediaType),
          repo,
        ).toEqual(m.layers.map((l) => l.mediaType));
        expect(row(variant, form, 'compress_push')).toMatchObject({ status: 'ok', samples: 1 });
      }
  });

  it('compresses harder at zstd level 19 than at 3, and the uncompressed form carries the layers as they are', () => {
    for (const variant of ['multistage', 'scratch']) {
      const bytes = (form: string) => row(variant, form, 'image_size_compressed').value ?? 0;
      expect(bytes('zstd-19')).toBeLessThan(bytes('zstd'));
      expect(bytes('none')).toBeGreaterThan(bytes('gzip'));
      expect(bytes('none')).toBeGreaterThanOrEqual(row(variant, 'gzip', 'image_size').value ?? 0);
    }
  });

  it('pulls every form at 100 Mbit/s no faster than its bytes allow', () => {
    for (const variant of ['multistage', 'scratch'])
      for (const form of FORMS) {
        const bytes = row(variant, form, 'image_size_compressed').value ?? 0;
        const key = `${variant}|${paramsOf(form)}|pull_engine_100mbit`;
        const samples = outcome.result.samples[key] ?? [];
        expect(samples, key).toHaveLength(2);
        for (const ms of samples) expect(ms, key).toBeGreaterThanOrEqual(0.95 * ((bytes * 8) / 100e6) * 1000);
      }
  });

  it("records the node's CPU time of every pull, from its daemon's cgroup", () => {
    for (const variant of ['multistage', 'scratch'])
      for (const form of FORMS)
        for (const metric of ['pull_engine_cold_cpu', 'pull_engine_100mbit_cpu', 'pull_engine_1gbit_cpu']) {
          const r = row(variant, form, metric);
          expect(r, `${variant} ${form} ${metric}`).toMatchObject({ status: 'ok', samples: 2, unit: 'ms' });
          expect(r.value ?? 0).toBeGreaterThan(0);
        }
  });
});

describe('a Docker 20.10 node and zstd layers', () => {
  let outcome: RunOutcome;
  beforeAll(async () => {
    outcome = await run(
      await checkRun(
        await testRunOptions({
          variants: ['scratch'],
          metrics: ['size', 'deploy'],
          runs: { build: 1, pull: 1, startup: 1 },
          compressions: ['gzip', 'zstd'],
          nodeKind: 'docker-20',
        }),
      ),
      { engine, progress: { start() {}, done() {}, note() {}, close() {} }, signal: new AbortController().signal },
    );
  });

  it('announces it in the plan, skips the zstd cells with the engine’s own answer, and exits 0', () => {
    expect(outcome.result.announced?.map((a) => a.subject)).toContain(
      'pull and deploy (compression=zstd) on docker-20',
    );
    const zstd = outcome.result.measurements.filter((m) => m.params === 'compression=zstd');
    const deploys = zstd.filter((m) => m.metric.startsWith('deploy_') || m.metric.startsWith('pull_engine'));
    expect(deploys.length).toBeGreaterThan(0);
    for (const m of deploys) {
      expect(m.status, m.metric).toBe('skipped');
      expect(m.error).toMatch(/Docker 20\.10 cannot unpack zstd-compressed layers/);
      // The node's own words, read on the day: 20.10 downloads the zstd layer, then fails to read it as a tar.
      expect(m.error).toMatch(/this node's answer to a pull of scratch \(zstd\): .*(tar|layer)/);
    }
    // The zstd form itself was made and measured: only this node cannot pull it.
    expect(zstd.find((m) => m.metric === 'image_size_compressed')?.status).toBe('ok');
    const gzip = outcome.result.measurements.filter((m) => m.params === '' && m.metric.startsWith('deploy_'));
    expect(gzip.every((m) => m.status === 'ok')).toBe(true);
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
  });
});

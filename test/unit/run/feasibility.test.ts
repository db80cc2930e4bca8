import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistryTrust } from '../../../src/engine/engine.js';
import { CannotRunError } from '../../../src/errors.js';
import { checkRun } from '../../../src/run/check-input.js';
import { announcedLine, type FeasibilityProbe, unavailableHere } from '../../../src/run/feasibility.js';
import { type Progress, silentProgress } from '../../../src/run/progress.js';
import { run } from '../../../src/run/run.js';
import type { MetricGroup } from '../../../src/types.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { testRunOptions } from '../../support/run-options.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const BASES = { 'golang:1.26-alpine3.23': 5000, 'alpine:3.21': 700 };
const signal = new AbortController().signal;

/** A machine that is not root, with docker-registry and every tool. */
const notRoot: FeasibilityProbe = {
  nodeUnavailable: () => 'not root',
  has: async () => true,
  registryBinary: async () => '/usr/bin/docker-registry',
  scanner: async () => null,
};
const trusting = {
  registryTrust: async () => ({ insecureCidrs: ['127.0.0.0/8'], insecureHosts: [], engineVersion: '28.5.2' }),
};

describe('what cannot run here, decided before the first build', () => {
  it('announces pull and deploy when no node engine can be started, with the way to silence it', async () => {
    const a = await unavailableHere(
      { metrics: ['size', 'deploy'], registry: null, nodeEngine: null, builder: 'buildkit' },
      trusting,
      notRoot,
      signal,
    );
    expect(a.map(announcedLine)).toEqual([
      'deploy: skipped, no node engine can be started here (not root); `--metrics` without deploy silences this, and --node-engine <DOCKER_HOST> names an engine to use instead.',
    ]);
  });

  it('names a missing registry binary, an engine that will not talk plain HTTP, missing tools and the classic builder', async () => {
    const noRegistry = { ...notRoot, nodeUnavailable: () => null, registryBinary: async () => null };
    const opts = { metrics: ['pull'] as MetricGroup[], registry: null, nodeEngine: null, builder: 'buildkit' as const };
    expect((await unavailableHere(opts, trusting, noRegistry, signal))[0]?.reason).toMatch(
      /^docker-registry not found/,
    );
    const strict = {
      registryTrust: async (): Promise<RegistryTrust> => ({
        insecureCidrs: [],
        insecureHosts: [],
        engineVersion: '29.10.0',
      }),
    };
    expect((await unavailableHere(opts, strict, { ...notRoot, nodeUnavailable: () => null }, signal))[0]?.reason).toBe(
      'the engine does not push to a plain-HTTP registry on 127.0.0.1 (its insecure-registries: none); add 127.0.0.0/8 to them or pass --registry',
    );
    const noTc = { ...notRoot, nodeUnavailable: () => null, has: async (c: string) => c !== 'tc' };
    expect((await unavailableHere(opts, trusting, noTc, signal))[0]?.reason).toBe(
      'no node engine can be started here (missing tc: install iproute2 and util-linux)',
    );
    const classic = await unavailableHere(
      { ...opts, metrics: ['build'], builder: 'classic' },
      trusting,
      notRoot,
      signal,
    );
    expect(classic.map((x) => x.subject)).toEqual(['build_warm_cache_hits']);
  });

  it('announces the vulnerability count once when the anatomy runs and neither trivy nor grype is on PATH', async () => {
    const opts = {
      metrics: ['anatomy'] as MetricGroup[],
      registry: null,
      nodeEngine: null,
      builder: 'buildkit' as const,
    };
    expect((await unavailableHere(opts, trusting, notRoot, signal)).map(announcedLine)).toEqual([
      'vulnerabilities: skipped, neither trivy nor grype is on PATH; trivy or grype on PATH counts them; `--metrics` without anatomy silences this.',
    ]);
    const withTrivy = { ...notRoot, scanner: async () => ({ name: 'trivy' as const, path: '/usr/bin/trivy' }) };
    expect(await unavailableHere(opts, trusting, withTrivy, signal)).toEqual([]);
    expect(await unavailableHere({ ...opts, metrics: ['size'] }, trusting, notRoot, signal)).toEqual([]);
  });
});

describe('a run on a machine that cannot deploy', () => {
  let engine: FakeEngine;
  afterEach(() => engine.close());
  const options = (metrics: MetricGroup[], metricsNamed: boolean) =>
    testRunOptions({
      profile: 'hub',
      variantsDir: path.join(fixtures, 'variants'),
      variants: ['one'],
      metrics,
      metricsNamed,
    });

  it('stops before the first build, exit 1 through CannotRunError, when the user named the group', async () => {
    engine = new FakeEngine(BASES);
    const checked = await checkRun(await options(['size', 'deploy'], true));
    await expect(run(checked, { engine, progress: silentProgress, signal, probe: notRoot })).rejects.toThrow(
      new CannotRunError([
        '--metrics deploy: cannot run here: no node engine can be started here (not root); drop deploy from --metrics',
      ]),
    );
    expect(engine.builds).toEqual([]);
  });

  it('announces a default group as skipped in the plan, marks only its rows skipped, and exits 0', async () => {
    engine = new FakeEngine(BASES);
    const notes: string[] = [];
    const progress: Progress = { ...silentProgress, note: (m) => notes.push(m) };
    const opts = await options(['size', 'deploy'], false);
    const outcome = await run(await checkRun(opts), { engine, progress, signal, probe: notRoot });
    expect(outcome.exitCode).toBe(0);
    expect(notes).toContain(
      'plan: deploy: skipped, no node engine can be started here (not root); `--metrics` without deploy silences this, and --node-engine <DOCKER_HOST> names an engine to use instead.',
    );
    const skipped = outcome.result.measurements.filter((m) => m.status === 'skipped');
    expect(new Set(skipped.map((m) => m.error))).toEqual(new Set(['no node engine can be started here (not root)']));
    expect(skipped.map((m) => m.metric)).toContain('deploy_100mbit');
    expect(JSON.parse(await readFile(path.join(opts.out, 'results.json'), 'utf8')).announced).toHaveLength(1);
  });

  it('fails the run when its clean-up fails, and when the history cannot be appended, results kept', async () => {
    engine = new (class extends FakeEngine {
      override async pruneBuildCacheSince(): Promise<never> {
        throw new Error('the engine refused the prune');
      }
    })(BASES);
    const notes: string[] = [];
    const progress: Progress = { ...silentProgress, note: (m) => notes.push(m) };
    const opts = await options(['size'], true);
    const outcome = await run(await checkRun(opts), { engine, progress, signal });
    expect(outcome.exitCode).toBe(1);
    expect(notes.at(-1)).toMatch(/^1 of 1 variant\(s\) ok; 1 clean-up or publish failure\(s\); wrote /);
    expect(notes).toContainEqual(expect.stringMatching(/^FAILED clean-up: .*failed: .*the engine refused the prune/));
    expect(JSON.parse(await readFile(path.join(opts.out, 'results.json'), 'utf8')).cleanupFailures).toHaveLength(1);

    await engine.close();
    engine = new FakeEngine(BASES);
    const out2 = await options(['size'], true);
    // The history turns into a folder after the input check: the append at the end fails.
    const sabotage: Progress = {
      ...silentProgress,
      start: (label) => void (label === 'clean-up' && mkdir(path.join(out2.out, 'history.csv')).catch(() => {})),
    };
    const second = await run(await checkRun(out2), { engine, progress: sabotage, signal });
    expect(second.exitCode).toBe(1);
    expect(JSON.parse(await readFile(path.join(out2.out, 'results.json'), 'utf8')).measurements.length).toBeGreaterThan(
      0,
    );
  });
});

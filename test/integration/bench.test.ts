import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { type RunOutcome, run } from '../../src/run/run.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';
import { runProblems } from '../support/run-problems.js';
import { savedLayerBytes } from '../support/saved-layer-bytes.js';

// Independent of the harness's own Engine: the figures are checked against the daemon's own answer.
const docker = new Docker();

describe('bench on the real engine (local profile)', () => {
  let outcome: RunOutcome;
  let out: string;

  beforeAll(async () => {
    const opts = await testRunOptions({ variants: ['multistage', 'scratch'] });
    out = opts.out;
    outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
  });

  const value = (variant: string, metric: string) =>
    outcome.result.measurements.find((m) => m.variant === variant && m.metric === metric);

  it('builds, smoke-tests and sizes scratch and multistage, exit 0', () => {
    expect(outcome.result.variants.map((v) => `${v.variant}:${v.status}:${v.error}`)).toEqual([
      'multistage:ok:null',
      'scratch:ok:null',
    ]);
    expect(outcome.exitCode, runProblems(outcome)).toBe(0);
    for (const v of ['multistage', 'scratch']) expect(value(v, 'smoke')?.status).toBe('ok');
  });

  it('reports image_size within the bounds docker save gives, and equal to inspect Size on a graph driver', async () => {
    const store = outcome.result.environment?.imageStore ?? '';
    for (const v of ['multistage', 'scratch']) {
      const row = value(v, 'image_size');
      expect(row?.image).toBe(`imagediet/${v}:local`);
      const { regular, symlinks } = await savedLayerBytes(row?.image ?? '');
      expect(row?.value).toBeGreaterThanOrEqual(regular);
      expect(row?.value).toBeLessThanOrEqual(regular + symlinks);
      const inspected = await docker.getImage(row?.image ?? '').inspect();
      // Under the containerd store inspect's Size is the packed content instead; the engine's figure is kept apart.
      if (store.startsWith('overlay2')) expect(row?.value).toBe(inspected.Size);
      expect(value(v, 'engine_reported_size')?.value).toBe(inspected.Size);
      expect(value(v, 'layers')?.value).toBe(inspected.RootFS.Layers?.length);
    }
  });

  it('sizes scratch as little more than its binary, smaller than multistage', () => {
    const scratch = value('scratch', 'image_size')?.value ?? Number.NaN;
    const binary = value('scratch', 'binary_bytes')?.value ?? Number.NaN;
    expect(scratch).toBeLessThanOrEqual(1.02 * binary);
    expect(value('scratch', 'own_bytes')?.value).toBe(scratch);
    expect(value('multistage', 'image_size')?.value).toBeGreaterThan(scratch);
  });

  it('records the Go version and root status of each image', () => {
    for (const v of outcome.result.variants) expect(v.goVersion).toMatch(/^go1\.\d+/);
    expect(outcome.result.variants.find((v) => v.variant === 'scratch')?.runsAsRoot).toBe(false);
  });

  it('writes results.csv, results.json and results.md', async () => {
    const csv = await readFile(path.join(out, 'results.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain('variant');
    expect(csv).toContain('imagediet/scratch:local');
    // The table a person reads: each variant's row, cell by cell under its header, against the daemon's own figures.
    const md = (await readFile(path.join(out, 'results.md'), 'utf8')).split('\n');
    const cells = (line: string | undefined) =>
      (line ?? '')
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    // The headline table first, then one per group: a column is looked up in whichever table has it.
    const tables = md.flatMap((l, i) => (l.startsWith('| variant ') ? [i] : []));
    expect(cells(md[tables[0] ?? -1]).length).toBeLessThanOrEqual(9);
    const row = (v: string) => (name: string) => {
      for (const at of tables) {
        const header = cells(md[at]);
        const line = md.slice(at).find((l, k) => k > 0 && (l.startsWith(`| ${v} `) || !l.startsWith('|')));
        if (header.includes(name) && line?.startsWith(`| ${v} `)) return cells(line)[header.indexOf(name)];
      }
      return undefined;
    };
    const mb = (bytes: number) => `${Number((bytes / 1e6).toPrecision(3))}MB`;
    const expected = {
      scratch: { published: /6\.5MB \(gadiener-medium\)/, root: 'no', base: 'scratch' },
      multistage: { published: /11\.3MB \(do-tutorial-2019\)/, root: 'yes', base: 'local/busybox:bookworm' },
    };
    for (const [v, want] of Object.entries(expected)) {
      const cell = row(v);
      expect(cell('size')).toBe(mb(value(v, 'image_size')?.value ?? Number.NaN));
      expect(cell('published 2019')).toMatch(want.published);
      expect(cell('root?')).toBe(want.root);
      expect(cell('base really used')).toContain(want.base);
    }
    const json = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
    expect(json.environment.storageDriver).toBeTruthy();
    expect(json.environment.imageStore).toMatch(/^(overlay2 graph driver|containerd snapshotter \w+)$/);
    expect(json.environment.engineVersion).toBeTruthy();
    expect(json.environment.apiVersion).toMatch(/^1\.\d+$/);
  });

  it('leaves no labelled container, and no labelled image beyond the kept final tags', async () => {
    const runLabel = `imagediet.run=${outcome.result.runId}`;
    const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [runLabel] }) });
    expect(containers).toEqual([]);
    const images = await docker.listImages({ all: true, filters: JSON.stringify({ label: [runLabel] }) });
    // Offline bases built on demand during the run carry its id too; they are kept by design.
    const tags = images
      .filter((i) => i.Labels?.['imagediet.kind'] !== 'base')
      .flatMap((i) => i.RepoTags ?? [])
      .sort();
    expect(tags).toEqual(['imagediet/multistage:local', 'imagediet/scratch:local']);
  });
});

describe('the classic builder', () => {
  it('builds and sizes multistage, keeps the bases it built FROM, and leaves no step images', async () => {
    const dangling = async () => (await docker.listImages({ filters: JSON.stringify({ dangling: ['true'] }) })).length;
    const before = await dangling();
    const opts = await testRunOptions({ variants: ['multistage'], builder: 'classic' });
    const outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    expect(outcome.result.variants.map((v) => `${v.variant}:${v.status}:${v.error}`)).toEqual(['multistage:ok:null']);
    // ` ---> <id>` in the classic log also names the FROM image: it must survive the step-image clean-up.
    for (const base of ['local/golang:1.23-bookworm-slim', 'local/busybox:bookworm']) {
      expect(await engine.inspectImage(base)).not.toBeNull();
    }
    expect(await dangling()).toBeLessThanOrEqual(before);
  });
});

/** The output stage end to end: one view per publish, every output of the table written once, stale files removed. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { publishRun } from '../../../src/publish/publish-run.js';
import { chartData } from '../../../src/report/charts/chart-set.js';
import { LINKED_FILES, OUTPUTS, outputFile, PROGRESS_OUTPUTS } from '../../../src/report/outputs.js';
import { lessonSteps } from '../../../src/report/view/lesson-steps.js';
import { pivotByVariant } from '../../../src/report/view/pivot.js';
import { parseResults } from '../../../src/results/read-results.js';
import { sbomFileName } from '../../../src/sbom/sbom-file-name.js';
import { timedRun } from '../report/fixture.js';

// The three derivations the issue counts, wrapped so each call is seen; they still run as written.
vi.mock('../../../src/report/view/pivot.js', async (original) => {
  const mod = await original<typeof import('../../../src/report/view/pivot.js')>();
  return { ...mod, pivotByVariant: vi.fn(mod.pivotByVariant) };
});
vi.mock('../../../src/report/view/lesson-steps.js', async (original) => {
  const mod = await original<typeof import('../../../src/report/view/lesson-steps.js')>();
  return { ...mod, lessonSteps: vi.fn(mod.lessonSteps) };
});
vi.mock('../../../src/report/charts/chart-set.js', async (original) => {
  const mod = await original<typeof import('../../../src/report/charts/chart-set.js')>();
  return { ...mod, chartData: vi.fn(mod.chartData) };
});

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagediet-publish-'));
  vi.clearAllMocks();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('publishRun', () => {
  it('derives the view once: one call each of the pivot, the lesson steps and the chart data', async () => {
    await publishRun(dir, timedRun(), { appendToHistory: true });
    expect(vi.mocked(pivotByVariant)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(lessonSteps)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(chartData)).toHaveBeenCalledTimes(1);
  });

  it('writes every output of the table once, results.* first, after the history line', async () => {
    const paths = await publishRun(dir, timedRun(), { appendToHistory: true });
    const names = paths.map((p) => p.slice(dir.length + 1));
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 4)).toEqual(['history.csv', 'results.csv', 'results.json', 'results.md']);
    // A run of one with no deploy draws no trend and no deploy chart: their files are not written.
    expect(names).not.toContain(outputFile('chart-trend'));
    expect(names).toEqual(expect.arrayContaining([LINKED_FILES.lesson, LINKED_FILES.html, LINKED_FILES.charts.sizes]));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // What was written reads back through the one reader as the same run.
    const back = parseResults(await readFile(join(dir, LINKED_FILES.json), 'utf8'), 'results.json');
    expect('problem' in back ? back.problem : back.runId).toBe(timedRun().runId);
  });

  it('removes the stale chart of an earlier run that this run has nothing to draw for', async () => {
    await writeFile(join(dir, LINKED_FILES.charts.deploy), '<svg>old</svg>');
    await publishRun(dir, timedRun(), { appendToHistory: false });
    expect(await readdir(dir)).not.toContain(LINKED_FILES.charts.deploy);
  });

  it('writes one SBOM per image whose packages were read, and removes the SBOMs of variants this run did not measure', async () => {
    const run = timedRun();
    const [first, ...others] = run.variants;
    if (!first) throw new Error('the fixture has variants');
    const withPackages = { ...first, packages: { distro: null, os: [], go: [], notRead: [], vulnerabilities: null } };
    await mkdir(join(dir, 'sbom'));
    await writeFile(join(dir, 'sbom', 'gone.cdx.json'), '{}');
    await writeFile(join(dir, 'sbom', 'notes.txt'), 'a file of the user, not an SBOM');
    const paths = await publishRun(dir, { ...run, variants: [withPackages, ...others] }, { appendToHistory: false });
    const sbom = sbomFileName(withPackages);
    expect(paths.map((p) => p.slice(dir.length + 1))).toContain(sbom);
    expect((await readdir(join(dir, 'sbom'))).sort()).toEqual([sbom.slice('sbom/'.length), 'notes.txt'].sort());
    expect(JSON.parse(await readFile(join(dir, sbom), 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX' });
  });
});

describe('the output table', () => {
  it('names each output and each file once, and holds every file a page links to', () => {
    expect(new Set(OUTPUTS.map((o) => o.id)).size).toBe(OUTPUTS.length);
    expect(new Set(OUTPUTS.map((o) => ('file' in o ? o.file : o.folder))).size).toBe(OUTPUTS.length);
    expect(() => outputFile('no-such-output')).toThrow('no output "no-such-output" in the output table');
    expect(PROGRESS_OUTPUTS.map((o) => ('file' in o ? o.file : o.folder))).toEqual([
      'results.csv',
      'results.json',
      'results.md',
    ]);
  });
});

/** The output stage end to end: one view per publish, every output of the table written once, stale files removed. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { publishRun } from '../../../src/publish/publish-run.js';
import { chartData } from '../../../src/report/charts/chart-set.js';
import { LINKED_FILES, OUTPUTS, outputFile } from '../../../src/report/outputs.js';
import { lessonSteps } from '../../../src/report/view/lesson-steps.js';
import { pivotByVariant } from '../../../src/report/view/pivot.js';
import { parseResults } from '../../../src/results/read-results.js';
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
});

describe('the output table', () => {
  it('names each output and each file once, and holds every file a page links to', () => {
    expect(new Set(OUTPUTS.map((o) => o.id)).size).toBe(OUTPUTS.length);
    expect(new Set(OUTPUTS.map((o) => o.file)).size).toBe(OUTPUTS.length);
    expect(() => outputFile('no-such-output')).toThrow('no output "no-such-output" in the output table');
    expect(OUTPUTS.filter((o) => o.progress).map((o) => o.file)).toEqual(['results.csv', 'results.json', 'results.md']);
  });
});

/** Everything a finished run (or merge) leaves in its folder: reports, history line, charts, lesson and index.html. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { appendHistory, historyPath, readHistory } from '../history/history-file.js';
import { CHART_FILES, type ChartSet, renderCharts } from '../report/charts/render-charts.js';
import { renderIndexHtml } from '../report/lesson/render-index-html.js';
import { renderLesson } from '../report/lesson/render-lesson.js';
import { writeAtomic, writeReports } from '../report/writer.js';
import type { RunResult } from '../types.js';

/** Files beside results.*: the teaching page in two forms. */
const LESSON_FILES = { markdown: 'lesson.md', html: 'index.html' } as const;

/**
 * With `appendToHistory`, the run's one locked history append first; then the charts, which read the history, and
 * results.*, results.md embedding the charts, and the lesson. Returns the paths written. Callers check the history
 * parses before they measure or merge, so a failed append here is rare; they report it.
 */
export async function publishRun(
  out: string,
  result: RunResult,
  opts: { appendToHistory: boolean },
): Promise<string[]> {
  const files: string[] = [];
  if (opts.appendToHistory && (await appendHistory(out, result.measurements))) files.push(historyPath(out));
  const history = await readHistory(out);
  const charts = await renderCharts(
    result,
    history,
    result.variants.flatMap((v) => v.published),
  );
  const written = await writeCharts(out, charts);
  const names = {
    sizes: charts.sizes ? CHART_FILES.sizes : null,
    timing: charts.timing ? CHART_FILES.timing : null,
    trend: charts.trend ? CHART_FILES.trend : null,
    deploy: charts.deploy ? CHART_FILES.deploy : null,
    mermaid: charts.mermaid,
  };
  // Everything rendered before the lesson pages: results.* are written once, already embedding the charts.
  files.unshift(...(await writeReports(out, result, names)));
  files.push(...written);
  const pages: [string, string][] = [
    [join(out, LESSON_FILES.markdown), renderLesson(result, charts)],
    [join(out, LESSON_FILES.html), renderIndexHtml(result, charts)],
  ];
  for (const [path, text] of pages) await writeAtomic(path, text);
  files.push(...pages.map(([path]) => path));
  return files;
}

const CHART_KEYS = ['sizes', 'timing', 'trend', 'deploy'] as const;

/** Write the charts given; one with nothing to draw removes the stale file of an earlier run, so no page shows it. */
export async function writeCharts(out: string, charts: Partial<ChartSet>): Promise<string[]> {
  const written: string[] = [];
  for (const key of CHART_KEYS) {
    if (!(key in charts)) continue;
    const path = join(out, CHART_FILES[key]);
    const svg = charts[key];
    if (svg) {
      await writeAtomic(path, svg);
      written.push(path);
    } else await rm(path, { force: true });
  }
  return written;
}

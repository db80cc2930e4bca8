/** Everything a finished run (or merge) leaves in its folder: reports, history line, charts, lesson and index.html. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { appendHistory, historyPath, readHistory } from '../history/history-file.js';
import type { RunResult } from '../types.js';
import { CHART_FILES, type ChartSet, renderCharts } from './charts/render-charts.js';
import { renderIndexHtml } from './lesson/render-index-html.js';
import { renderLesson } from './lesson/render-lesson.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_FILES, writeAtomic, writeReports } from './writer.js';

/** Files beside results.*: the teaching page in two forms. */
export const LESSON_FILES = { markdown: 'lesson.md', html: 'index.html' } as const;

/**
 * Write the run's reports, then (with `appendToHistory`) its one locked history append, then the charts and lesson,
 * which read the history. Returns the paths written. A history append that fails is reported by the caller.
 */
export async function publishRun(
  out: string,
  result: RunResult,
  opts: { appendToHistory: boolean },
): Promise<string[]> {
  const files = await writeReports(out, result);
  if (opts.appendToHistory && (await appendHistory(out, result.measurements))) files.push(historyPath(out));
  const history = await readHistory(out);
  const charts = await renderCharts(
    result,
    history,
    result.variants.flatMap((v) => v.published),
  );
  files.push(...(await writeCharts(out, charts)));
  const names = {
    sizes: charts.sizes ? CHART_FILES.sizes : null,
    timing: charts.timing ? CHART_FILES.timing : null,
    trend: charts.trend ? CHART_FILES.trend : null,
    mermaid: charts.mermaid,
  };
  const pages: [string, string][] = [
    [join(out, REPORT_FILES.markdown), renderMarkdown(result, names)],
    [join(out, LESSON_FILES.markdown), renderLesson(result, charts)],
    [join(out, LESSON_FILES.html), renderIndexHtml(result, charts)],
  ];
  for (const [path, text] of pages) await writeAtomic(path, text);
  files.push(...pages.slice(1).map(([path]) => path));
  return files;
}

/** Write each chart; a chart with nothing to draw removes the stale file of an earlier run, so no page shows it. */
async function writeCharts(out: string, charts: ChartSet): Promise<string[]> {
  const written: string[] = [];
  for (const key of ['sizes', 'timing', 'trend'] as const) {
    const path = join(out, CHART_FILES[key]);
    const svg = charts[key];
    if (svg) {
      await writeAtomic(path, svg);
      written.push(path);
    } else await rm(path, { force: true });
  }
  return written;
}

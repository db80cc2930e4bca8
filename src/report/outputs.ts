/**
 * The output stage's one table: every file a run leaves in its folder, `{ id, file, render(view) }`. The table is
 * also the one table of file names: pages link files by its ids. Adding a format is one entry here and its renderer.
 */
import { METRICS } from '../metrics/catalogue.js';
import { SBOM_DIR, SBOM_EXTENSION } from '../sbom/sbom-file-name.js';
import type { Measurement, RunResult } from '../types.js';
import { CHART_KEYS, type ChartKey } from './charts/chart-set.js';
import { renderBencher } from './exports/bencher.js';
import { renderBenchmarkAction } from './exports/github-action-benchmark.js';
import { renderHyperfine } from './exports/hyperfine.js';
import { renderOpenMetrics } from './exports/openmetrics.js';
import { renderSboms } from './exports/sboms.js';
import { renderTidySamples } from './exports/tidy-samples.js';
import { renderCsv } from './format/csv.js';
import { renderJson } from './json.js';
import { renderIndexHtml } from './lesson/render-index-html.js';
import { renderLesson } from './lesson/render-lesson.js';
import { renderResultsMarkdown } from './markdown/results-markdown.js';
import { deriveView, type LinkedFiles, type RunView } from './view/run-view.js';

/** One output: its id, its file name in the output folder, and its renderer. */
export interface FileOutput {
  id: string;
  file: string;
  /** Rewritten after every variant while the run goes on, so an interrupted run keeps what it measured. */
  progress?: boolean;
  /** The file's text; null when there is nothing to write (a stale file of an earlier run is then removed). */
  render(view: RunView): string | null | Promise<string | null>;
}

/**
 * A set of files, one per image, in a folder of their own (the SBOMs): the names depend on the run. Files in the
 * folder with the set's extension that this run did not write are an earlier run's, and are removed.
 */
export interface FolderOutput {
  id: string;
  folder: string;
  extension: string;
  /** `[name under the output folder, text]` for each file. */
  render(view: RunView): readonly [string, string][];
}

export type Output = FileOutput | FolderOutput;

const chart = (key: ChartKey): FileOutput => ({
  id: `chart-${key}`,
  file: `chart-${key}.svg`,
  render: (view) => view.charts?.svg(key) ?? null,
});

/** Every output, in the order it is written: results.* first (they say how the run ended), then the rest. */
export const OUTPUTS: readonly Output[] = [
  { id: 'csv', file: 'results.csv', progress: true, render: (view) => renderCsv(view.result.measurements) },
  { id: 'json', file: 'results.json', progress: true, render: (view) => renderJson(view.result) },
  { id: 'markdown', file: 'results.md', progress: true, render: renderResultsMarkdown },
  ...CHART_KEYS.map(chart),
  { id: 'lesson', file: 'lesson.md', render: renderLesson },
  { id: 'html', file: 'index.html', render: renderIndexHtml },
  // Exports for the tools people already use: each file is what its consumer reads as it is.
  {
    id: 'benchmark-action-smaller',
    file: 'github-action-benchmark-smaller.json',
    render: (view) => renderBenchmarkAction(view, 'lower'),
  },
  {
    id: 'benchmark-action-bigger',
    file: 'github-action-benchmark-bigger.json',
    render: (view) => renderBenchmarkAction(view, 'higher'),
  },
  { id: 'bencher', file: 'bencher.json', render: renderBencher },
  { id: 'openmetrics', file: 'imagediet.prom', render: renderOpenMetrics },
  { id: 'samples', file: 'samples.csv', render: renderTidySamples },
  // One hyperfine file per timed metric, in a folder of their own.
  ...METRICS.filter((def) => def.kind === 'timed').map(
    (def): FileOutput => ({
      id: `hyperfine-${def.name}`,
      file: `hyperfine/${def.name}.json`,
      render: (view) => renderHyperfine(view, def.name),
    }),
  ),
  // A CycloneDX SBOM per image whose layers were read.
  { id: 'sbom', folder: SBOM_DIR, extension: SBOM_EXTENSION, render: renderSboms },
];

/** The outputs rewritten after every variant. */
export const PROGRESS_OUTPUTS: readonly Output[] = OUTPUTS.filter((o) => 'file' in o && o.progress);

/** The file name of an output, by id; throws for an id the table lacks (a programming error, caught by the tests). */
export function outputFile(id: string): string {
  const found = OUTPUTS.find((o) => o.id === id);
  if (!found || !('file' in found)) throw new Error(`no output "${id}" in the output table`);
  return found.file;
}

/** The names pages link to, read from the table. */
export const LINKED_FILES: LinkedFiles = {
  csv: outputFile('csv'),
  json: outputFile('json'),
  markdown: outputFile('markdown'),
  lesson: outputFile('lesson'),
  html: outputFile('html'),
  charts: {
    sizes: outputFile('chart-sizes'),
    timing: outputFile('chart-timing'),
    trend: outputFile('chart-trend'),
    deploy: outputFile('chart-deploy'),
    compression: outputFile('chart-compression'),
  },
};

/** The view of `result` that every output renders; with `history` (complete runs), its charts too. */
export function viewOf(result: RunResult, history: readonly Measurement[] | null = null): RunView {
  return deriveView(result, { history, files: LINKED_FILES });
}

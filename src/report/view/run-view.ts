/**
 * The one view of a run that every output renders: the records by variant, the lesson's steps and pairs, the deploy
 * and start-up stories, the run's sentences and the chart data, each derived once from the results reader's record.
 * Renderers read it and add only their own syntax.
 */

import type { Measurement, RunResult } from '../../types.js';
import { type ChartData, type ChartKey, type ChartSet, chartData } from '../charts/chart-set.js';
import { renderSvg } from '../charts/render-svg.js';
import { isOtherForm } from './compression-facts.js';
import { type CompressionView, compressionView } from './compression-view.js';
import { type DeployFacts, deployFacts, type StartupFacts, startupFacts } from './deploy-facts.js';
import { type LessonStep, lessonSteps } from './lesson-steps.js';
import { metricsPresent, type PivotRow, pivotByVariant } from './pivot.js';
import { profileSentence } from './profile-sentence.js';
import { lessonTitle, measuredOn, type RunFact, runFacts, standInNote } from './run-facts.js';
import { type SummaryRow, summaryRows } from './summary-rows.js';
import { type TeachingPair, teachingPairs } from './teaching-pairs.js';

/** The names of the files pages link to, as the output table (src/report/outputs.ts) names them. */
export interface LinkedFiles {
  csv: string;
  json: string;
  markdown: string;
  lesson: string;
  html: string;
  charts: ChartSet<string>;
}

/** The charts of a complete run: their data, and each drawn as SVG at most once, when an output first asks. */
export interface ChartView extends ChartData {
  /** The chart drawn as an SVG document; null when it has nothing to draw. */
  svg(key: ChartKey): Promise<string | null>;
}

/** Everything the outputs of one run render. */
export interface RunView {
  result: RunResult;
  files: LinkedFiles;
  /**
   * One row per variant × params with its record and cells, in the run's order. With a compression section, the
   * rows of the forms other than the engine's gzip are left out here: that section shows them.
   */
  rows: PivotRow[];
  /** Every metric with at least one row. */
  present: ReadonlySet<string>;
  /** The lesson's walk, in teaching order. */
  steps: LessonStep[];
  pairs: TeachingPair[];
  summary: SummaryRow[];
  /** The lesson's title, e.g. `Slimming a Go API's Docker image: 890MB → 1.66MB in 20 steps`. */
  title: string;
  /** The profile in one sentence, with why it was chosen (never the engine's raw error text). */
  profile: string;
  /** Where the figures were measured, then the profile's sentence. */
  measuredOn: string;
  /** Why sizes differ from the published ones when stand-in bases were used; null when none were. */
  standInNote: string | null;
  runFacts: RunFact[];
  deploy: DeployFacts | null;
  startup: StartupFacts | null;
  /** The compressions side by side (`--compression`); null below two compressions. */
  compression: CompressionView | null;
  /** Null for the results rewritten while a run is under way: its charts come with the complete run. */
  charts: ChartView | null;
}

/**
 * Derive the view of `result`. `history` (the run's folder's history.csv) feeds the trend chart; null derives no
 * charts, as for the results rewritten after each variant.
 */
export function deriveView(
  result: RunResult,
  { history, files }: { history: readonly Measurement[] | null; files: LinkedFiles },
): RunView {
  const all = pivotByVariant(result);
  const compression = compressionView(all);
  const rows = compression ? all.filter((row) => !isOtherForm(row)) : all;
  const steps = lessonSteps(rows);
  const profile = profileSentence(result.profile, result.profileReason);
  return {
    result,
    files,
    rows,
    present: metricsPresent(result.measurements),
    steps,
    pairs: teachingPairs(steps),
    summary: summaryRows(steps),
    title: lessonTitle(steps),
    profile,
    measuredOn: measuredOn(result, profile),
    standInNote: standInNote(steps),
    runFacts: runFacts(result),
    deploy: deployFacts(rows),
    startup: startupFacts(result.measurements),
    compression,
    charts: history === null ? null : chartView(chartData(result, history, compression?.chart ?? null)),
  };
}

function chartView(data: ChartData): ChartView {
  const drawn = new Map<ChartKey, Promise<string | null>>();
  return {
    ...data,
    svg(key) {
      let svg = drawn.get(key);
      if (!svg) {
        const spec = data.specs[key];
        svg = spec ? renderSvg(spec) : Promise.resolve(null);
        drawn.set(key, svg);
      }
      return svg;
    },
  };
}

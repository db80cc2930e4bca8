/** The charts of a run as data: one Vega-Lite spec per chart and the Mermaid block. Pure: nothing is drawn here. */
import type { TopLevelSpec } from 'vega-lite';
import { M } from '../../metrics/catalogue.js';
import { compressionOf, DEFAULT_COMPRESSION } from '../../registry/compression.js';
import type { Measurement, RunResult } from '../../types.js';
import { okRows } from './chart-data.js';
import { type CompressionChartData, compressionSpec } from './compression-chart.js';
import { deploySpec } from './deploy-chart.js';
import { mermaidSizeChart } from './mermaid-size-chart.js';
import { sizeSpec } from './size-chart.js';
import { timingSpec } from './timing-chart.js';
import { trendSpec } from './trend-chart.js';

/** The SVG charts, in the order pages show them. */
export const CHART_KEYS = ['sizes', 'timing', 'trend', 'deploy', 'compression'] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

/** One value per SVG chart: the one chart-set type, whether it holds specs, drawn SVG or file names. */
export type ChartSet<T> = { readonly [K in ChartKey]: T };

/** What every chart of a run draws; a null spec has nothing to draw (and its stale file is removed). */
export interface ChartData {
  /**
   * sizes: image_size beside the published figures (null when no size was measured); timing: start-up and cold build
   * (null when neither was); trend: the history (null below two runs); deploy: deploy time against compressed size; compression: the same per
   * compression, one panel per variant (null below two compressions).
   */
  specs: ChartSet<TopLevelSpec | null>;
  /** Fenced Mermaid block of image sizes for results.md and lesson.md; '' when no size was measured. */
  mermaid: string;
}

/**
 * The data of every chart of `result`. The trend includes this run even if `history` does not hold it yet; published
 * figures come from the run's own variant records; the compression chart draws the points the view derived.
 */
export function chartData(
  result: RunResult,
  history: readonly Measurement[],
  compression: CompressionChartData | null = null,
): ChartData {
  // With a compression chart, the other forms' deploys are drawn there; the deploy chart keeps the engine's gzip.
  const rows =
    compression === null
      ? result.measurements
      : result.measurements.filter((m) => compressionOf(m.params) === DEFAULT_COMPRESSION);
  const published = result.variants.flatMap((v) => v.published);
  const known = new Set(history.map((m) => m.run_id));
  const trendRows = [...history, ...result.measurements.filter((m) => !known.has(m.run_id))];
  return {
    specs: {
      sizes: okRows(rows, M.imageSize).length > 0 ? sizeSpec(rows, published) : null,
      timing: timingSpec(rows),
      trend: trendSpec(trendRows),
      deploy: deploySpec(rows),
      compression: compressionSpec(compression),
    },
    mermaid: mermaidSizeChart(rows),
  };
}

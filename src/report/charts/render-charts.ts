/** Every chart of a run as text, ready for the writer: SVG strings and one Mermaid block. Pure: nothing touches disk. */
import { M } from '../../metrics/catalogue.js';
import type { Measurement, PublishedClaim, RunResult } from '../../types.js';
import { okRows } from './chart-data.js';
import { deployChart } from './deploy-chart.js';
import { mermaidSizeChart } from './mermaid-size-chart.js';
import { sizeChart } from './size-chart.js';
import { timingChart } from './timing-chart.js';
import { trendChart } from './trend-chart.js';

/** The charts of one run; null where there is nothing to draw. */
export interface ChartSet {
  /** SVG: image_size per variant beside the published figures; null when no size was measured. */
  sizes: string | null;
  /** SVG: start-up and cold build with their spread; null when neither was measured. */
  timing: string | null;
  /** SVG: history across runs; null with fewer than two runs. */
  trend: string | null;
  /** SVG: deploy time against compressed size, one line per link speed; null when no deploy was measured. */
  deploy: string | null;
  /** Fenced Mermaid block of image sizes for results.md; '' when no size was measured. */
  mermaid: string;
}

export { CHART_FILES } from './chart-files.js';

/**
 * Render all charts of `result`. The trend includes this run even if `history` does not hold it yet; published figures
 * come from `claims`, or from the run's own variant reports when `claims` is empty.
 */
export async function renderCharts(
  result: RunResult,
  history: readonly Measurement[],
  claims: readonly PublishedClaim[],
): Promise<ChartSet> {
  const rows = result.measurements;
  const published = claims.length > 0 ? claims : result.variants.flatMap((v) => v.published);
  const known = new Set(history.map((m) => m.run_id));
  const trendRows = [...history, ...rows.filter((m) => !known.has(m.run_id))];
  // One after another: the renders share Vega's id counters (render-svg.ts queues them anyway).
  const sizes = okRows(rows, M.imageSize).length > 0 ? await sizeChart(rows, published) : null;
  const timing = await timingChart(rows);
  const trend = await trendChart(trendRows);
  const deploy = await deployChart(rows);
  return { sizes, timing, trend, deploy, mermaid: mermaidSizeChart(rows) };
}

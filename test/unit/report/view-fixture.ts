/** Views of hand-made runs for renderer tests, with charts as small fixed SVGs instead of drawn ones. */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_KEYS, type ChartSet } from '../../../src/report/charts/chart-set.js';
import { viewOf } from '../../../src/report/outputs.js';
import type { ChartView, RunView } from '../../../src/report/view/run-view.js';
import type { RunResult } from '../../../src/types.js';

/** A chart view whose specs are placeholders and whose SVGs are the given texts; a missing key has nothing to draw. */
export function fakeCharts(svgs: Partial<ChartSet<string | null>>, mermaid = ''): ChartView {
  const specs = Object.fromEntries(CHART_KEYS.map((k) => [k, svgs[k] ? ({} as TopLevelSpec) : null]));
  return { specs: specs as ChartSet<TopLevelSpec | null>, mermaid, svg: async (key) => svgs[key] ?? null };
}

/** The view the outputs render for `result`, with `charts` (none: a run still under way). */
export function viewWith(result: RunResult, charts: ChartView | null = null): RunView {
  return { ...viewOf(result), charts };
}

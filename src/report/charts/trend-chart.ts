/** How each variant's numbers moved across runs: one small panel per metric, one line per variant. */

import type { TopLevelSpec } from 'vega-lite';
import { M } from '../../metrics/catalogue.js';
import type { Measurement } from '../../types.js';
import { BYTES_PER_MB, firstSeen, logDomain, logTicks, okRows, seriesName, timeUnit } from './chart-data.js';
import { CHART_CONFIG, OKABE_ITO, type PanelSpec, PLOT_WIDTH, SHAPES } from './chart-theme.js';
import { renderSvg } from './render-svg.js';

/** Metrics drawn when none are named: size, cold build, start-up. */
const TREND_METRICS = [M.imageSize, M.buildCold, M.startup] as const;

const TITLES: Record<string, string> = {
  [M.imageSize]: 'Image size',
  [M.imageSizeCompressed]: 'Compressed image size',
  [M.buildCold]: 'Cold build time',
  [M.buildWarm]: 'Warm build time',
  [M.pullEngineCold]: 'Pull time on a fresh node',
  [M.startup]: 'Start-up time (median)',
};

const UNIT_WORDS: Record<string, string> = { MB: 'MB', ms: 'milliseconds', s: 'seconds' };

interface Run {
  id: string;
  /** Earliest row timestamp, ms since the epoch. */
  at: number;
  label: string;
}

/** Small multiples of `metrics` over runs (x = run, in time order); null when the history holds fewer than 2 runs. */
export async function trendChart(history: readonly Measurement[], metrics?: readonly string[]): Promise<string | null> {
  const spec = trendSpec(history, metrics);
  return spec === null ? null : renderSvg(spec);
}

/** The Vega-Lite spec behind trendChart, or null when there is no trend to draw. */
export function trendSpec(
  history: readonly Measurement[],
  metrics: readonly string[] = TREND_METRICS,
): TopLevelSpec | null {
  const runs = runsInOrder(history);
  if (runs.length < 2) return null;
  const series = firstSeen(history.map(seriesName));
  const drawn = metrics.filter((metric) => okRows(history, metric).length > 0);
  if (drawn.length === 0) return null;
  // Run labels only under the last panel: the panels share the x axis, and repeating it triples the clutter.
  const panels = drawn.map((metric, i) => panel(metric, okRows(history, metric), runs, series, i === drawn.length - 1));
  return {
    config: CHART_CONFIG,
    title: {
      text: `Trend over ${runs.length} runs`,
      subtitle: [
        'One line per variant; x is each run in time order, evenly spaced, labelled by its UTC start.',
        drawn.some((m) => okRows(history, m).every((r) => r.unit === 'bytes'))
          ? 'Sizes on a log scale; other axes start at 0.'
          : 'Axes start at 0.',
      ],
    },
    // One legend for all panels: a variant keeps its colour and shape everywhere.
    resolve: { scale: { color: 'shared', shape: 'shared' } },
    vconcat: panels,
  };
}

/** Runs by their earliest row, ties by id, so the x order is the order they ran in. */
function runsInOrder(history: readonly Measurement[]): Run[] {
  const first = new Map<string, number>();
  for (const m of history) {
    const at = Date.parse(m.timestamp);
    const t = Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
    first.set(m.run_id, Math.min(first.get(m.run_id) ?? Number.POSITIVE_INFINITY, t));
  }
  const runs = [...first].map(([id, at]) => ({ id, at, label: runLabel(id, at) }));
  runs.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Two runs started in the same minute would share a label and merge on the x axis: tell them apart by id.
  const seen = new Map<string, number>();
  for (const r of runs) seen.set(r.label, (seen.get(r.label) ?? 0) + 1);
  return runs.map((r) => ((seen.get(r.label) ?? 0) > 1 ? { ...r, label: `${r.label} ${r.id}` } : r));
}

function runLabel(id: string, at: number): string {
  // UTC, to the minute: the same history draws the same chart on every machine.
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 16).replace('T', ' ') : id;
}

function panel(
  metric: string,
  ok: readonly (Measurement & { value: number })[],
  runs: Run[],
  series: string[],
  last: boolean,
): PanelSpec {
  const bytes = ok.every((m) => m.unit === 'bytes');
  const ms = ok.every((m) => m.unit === 'ms');
  const time = timeUnit(Math.max(...ok.map((m) => m.value)));
  const scale = bytes ? 1 / BYTES_PER_MB : ms ? time.perMs : 1;
  const unit = bytes ? 'MB' : ms ? time.unit : (ok[0]?.unit ?? '');
  const label = new Map(runs.map((r) => [r.id, r.label]));
  const points = ok
    .filter((m) => m.value > 0 || !bytes)
    .map((m) => ({ run: label.get(m.run_id) ?? m.run_id, series: seriesName(m), value: m.value * scale }));
  const values = points.map((p) => p.value);
  const name = TITLES[metric] ?? metric;
  // The panel title names the metric; a vertical axis title has only the panel's height, so it carries the unit alone.
  const unitWord = UNIT_WORDS[unit] ?? unit;
  const domain = bytes ? logDomain(Math.min(...values), Math.max(...values)) : null;
  const y = domain
    ? {
        scale: { type: 'log' as const, domain },
        axis: { title: `${unitWord}, log scale`, values: logTicks(...domain, 6), format: ',~g' },
      }
    : { scale: { zero: true }, axis: { title: unitWord || metric, tickCount: 5 } };
  const legend = { title: 'variant', orient: 'right', symbolStrokeWidth: 2 } as const;
  return {
    title: { text: name, fontSize: 13 },
    width: PLOT_WIDTH,
    height: 150,
    data: { values: points },
    encoding: {
      x: {
        field: 'run',
        type: 'ordinal',
        sort: runs.map((r) => r.label),
        title: last ? 'run (UTC start)' : null,
        axis: { labels: last, labelAngle: runs.length > 4 ? -40 : 0, labelOverlap: 'parity', grid: true },
        scale: { padding: 0.5 },
      },
      // A fixed axis width lines the panels' plots up under each other whatever their tick labels.
      y: { field: 'value', type: 'quantitative', ...y, axis: { ...y.axis, grid: true, minExtent: 44 } },
      color: { field: 'series', type: 'nominal', scale: { domain: series, range: OKABE_ITO }, legend },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 } },
      {
        // Smaller marks once runs crowd the axis, so the lines stay visible between them.
        mark: { type: 'point', filled: true, size: runs.length > 15 ? 30 : 60, opacity: 1 },
        encoding: { shape: { field: 'series', type: 'nominal', scale: { domain: series, range: SHAPES }, legend } },
      },
    ],
  };
}

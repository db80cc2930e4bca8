/** Start-up and cold build time per variant: the median as a dot, the fastest-to-slowest run as a line. */

import type { TopLevelSpec } from 'vega-lite';
import { M } from '../../metrics/catalogue.js';
import type { Measurement } from '../../types.js';
import { formatTimed } from '../format/format-timed.js';
import { firstSeen, okRows, seriesName, timeUnit } from './chart-data.js';
import { CHART_CONFIG, MEASURED_COLOUR, type PanelSpec, PLOT_WIDTH } from './chart-theme.js';
import { renderSvg } from './render-svg.js';

/** The timed metrics drawn, one panel each, with what the number covers. */
const TIMING_PANELS = [
  { metric: M.startup, text: 'Start-up: container create until GET / answers 200', axis: 'start-up time' },
  { metric: M.buildCold, text: 'Cold build: no layer cache, bases already local', axis: 'cold build time' },
] as const;

interface Point {
  variant: string;
  median: number;
  min: number;
  max: number;
  label: string;
}

/** Two panels (start-up, cold build; ms or s by magnitude); null when neither metric has an ok row. */
export async function timingChart(rows: readonly Measurement[]): Promise<string | null> {
  const spec = timingSpec(rows);
  return spec === null ? null : renderSvg(spec);
}

/** The Vega-Lite spec behind timingChart, or null when there is nothing to draw. */
export function timingSpec(rows: readonly Measurement[]): TopLevelSpec | null {
  const order = firstSeen(rows.map(seriesName));
  const panels = TIMING_PANELS.flatMap((p) => {
    const ok = okRows(rows, p.metric);
    return ok.length === 0 ? [] : [panel(p, ok, order)];
  });
  if (panels.length === 0) return null;
  return {
    config: CHART_CONFIG,
    title: {
      text: 'Timing per variant',
      subtitle: [
        'Dot: median; line: fastest to slowest run. Beside each: median ± its confidence interval (n = runs).',
        'Shorter is better.',
      ],
    },
    vconcat: panels,
  };
}

function panel(
  panelTitle: { text: string; axis: string },
  ok: readonly (Measurement & { value: number })[],
  order: readonly string[],
): PanelSpec {
  const { unit, perMs } = timeUnit(Math.max(...ok.map((m) => m.max ?? m.value)));
  const points: Point[] = ok.map((m) => ({
    variant: seriesName(m),
    median: m.value * perMs,
    min: (m.min ?? m.value) * perMs,
    max: (m.max ?? m.value) * perMs,
    label: timingLabel(m),
  }));
  const x = { type: 'quantitative', scale: { zero: true, nice: true } } as const;
  const axis = { title: `${panelTitle.axis}, ${unit} (axis starts at 0)`, grid: true, tickCount: 8 };
  return {
    title: { text: panelTitle.text, fontSize: 13 },
    width: PLOT_WIDTH,
    height: { step: 24 },
    data: { values: points },
    encoding: {
      y: {
        field: 'variant',
        type: 'nominal',
        sort: order.filter((v) => points.some((p) => p.variant === v)),
        title: null,
        axis: { ticks: false, labelPadding: 6, grid: true, gridDash: [2, 3] },
      },
    },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2, color: '#9ab8d3' },
        encoding: { x: { ...x, field: 'min', axis }, x2: { field: 'max' } },
      },
      {
        mark: { type: 'point', filled: true, size: 70, color: MEASURED_COLOUR, opacity: 1 },
        encoding: { x: { ...x, field: 'median' } },
      },
      {
        // A column right of the plot: labels line up and never cover a line.
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10 },
        encoding: { x: { value: 'width' }, text: { field: 'label' } },
      },
    ],
  };
}

/** The label beside a point, as every report prints the figure: `301 ms ± 15.3% (n=5)`, `63.9 s (n=1)`. */
export function timingLabel(m: Measurement & { value: number }): string {
  return formatTimed(m);
}

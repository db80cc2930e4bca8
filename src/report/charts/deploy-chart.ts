/** Deploy time to a fresh node against compressed size: one point per variant, one line per link speed (log–log). */

import type { TopLevelSpec } from 'vega-lite';
import { LIMITED_LINKS } from '../../deploy/links.js';
import { M } from '../../metrics/catalogue.js';
import type { Measurement } from '../../types.js';
import { formatTimed } from '../format/format-timed.js';
import { BYTES_PER_MB, logDomain, logTicks, okRows, seriesName } from './chart-data.js';
import { CHART_CONFIG, OKABE_ITO, PLOT_WIDTH, SHAPES } from './chart-theme.js';
import { renderSvg } from './render-svg.js';

interface Point {
  variant: string;
  link: string;
  mb: number;
  seconds: number;
  label: string;
}

/** The points: every variant with an ok deploy cell and a compressed size, per link. */
export function deployPoints(rows: readonly Measurement[]): Point[] {
  const bytes = new Map(okRows(rows, M.imageSizeCompressed).map((m) => [seriesName(m), m.value]));
  return LIMITED_LINKS.flatMap(({ deploy, label }) =>
    okRows(rows, deploy).flatMap((m) => {
      const b = bytes.get(seriesName(m));
      if (b === undefined || b <= 0 || m.value <= 0) return [];
      return [
        { variant: seriesName(m), link: label, mb: b / BYTES_PER_MB, seconds: m.value / 1000, label: formatTimed(m) },
      ];
    }),
  );
}

/** The chart as SVG; null when no deploy was measured. */
export async function deployChart(rows: readonly Measurement[]): Promise<string | null> {
  const spec = deploySpec(rows);
  return spec === null ? null : renderSvg(spec);
}

/** The Vega-Lite spec behind deployChart, or null when there is nothing to draw. */
export function deploySpec(rows: readonly Measurement[]): TopLevelSpec | null {
  const points = deployPoints(rows);
  if (points.length === 0) return null;
  const mbs = points.map((p) => p.mb);
  const secs = points.map((p) => p.seconds);
  const x = {
    field: 'mb',
    type: 'quantitative',
    scale: { type: 'log', domain: logDomain(Math.min(...mbs), Math.max(...mbs)) },
    axis: {
      title: 'compressed size (what a pull downloads), MB, log scale',
      values: logTicks(Math.min(...mbs), Math.max(...mbs)),
      grid: true,
    },
  } as const;
  const y = {
    field: 'seconds',
    type: 'quantitative',
    scale: { type: 'log', domain: logDomain(Math.min(...secs), Math.max(...secs)) },
    axis: {
      title: 'time to first answer on a fresh node, s, log scale',
      values: logTicks(Math.min(...secs), Math.max(...secs)),
      grid: true,
    },
  } as const;
  const links = LIMITED_LINKS.map((l) => l.label);
  const colour = {
    field: 'link',
    type: 'nominal',
    title: 'link speed',
    scale: { domain: links, range: OKABE_ITO.slice(0, links.length) },
  } as const;
  return {
    config: CHART_CONFIG,
    title: {
      text: 'Deploy to a fresh node: pull, create, start, first 200',
      subtitle: ['One point per variant (median), one line per link speed. Lower is better.'],
    },
    width: PLOT_WIDTH,
    height: 320,
    data: { values: points },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.7 },
        encoding: { x, y, color: colour, order: { field: 'mb', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          x,
          y,
          color: colour,
          // Same field and title as the colour: Vega-Lite merges the two into one legend.
          shape: {
            field: 'link',
            type: 'nominal',
            title: 'link speed',
            scale: { domain: links, range: SHAPES.slice(0, links.length) },
          },
          tooltip: [{ field: 'variant' }, { field: 'link' }, { field: 'label', title: 'deploy' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'variant' }, color: colour },
      },
    ],
  };
}

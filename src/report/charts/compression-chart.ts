/**
 * Deploy time against compressed size, one panel per variant: one mark shape and colour per compression, one line per
 * link speed through that link's forms, each point the median with its confidence interval (log–log).
 */

import type { TopLevelSpec } from 'vega-lite';
import { BYTES_PER_MB, logTicks } from './chart-data.js';
import { CHART_CONFIG, OKABE_ITO, SHAPES } from './chart-theme.js';

/** One form of one variant deployed over one link: the median and its interval, in seconds. */
export interface CompressionPoint {
  variant: string;
  compression: string;
  link: string;
  bytes: number;
  seconds: number;
  /** The median's interval, s; null when it has none (one sample). */
  low: number | null;
  high: number | null;
  /** The figure as the tables print it, for the tooltip. */
  label: string;
}

/** What the chart draws: the points, and the order of the forms and links (the legends' order). */
export interface CompressionChartData {
  points: CompressionPoint[];
  compressions: readonly string[];
  links: readonly string[];
}

/** Line dashes per link, in link order: loopback solid, then ever shorter dashes. */
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

/** Log ticks in `domain`, at least two: 1-2-5 steps, else 1-2-3-5 ones where a panel spans less than a step. */
function ticks([lo, hi]: [number, number]): number[] {
  const fine = logTicks(lo, hi);
  if (fine.length >= 3) return fine;
  const more: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const step of [1, 1.5, 2, 3, 5, 7]) {
      const t = Number((step * 10 ** e).toPrecision(6));
      if (t >= lo && t <= hi) more.push(t);
    }
  return more;
}

/** Panel width, px: three panels stack, each wide enough for its axis and labels. */
const PANEL_WIDTH = 460;

/** A log domain just around [min, max]: the panels hold a narrow range, and whole decades would leave them empty. */
function around(min: number, max: number): [number, number] {
  return [min / 1.25, max * 1.25];
}

/** The Vega-Lite spec, or null when no point can be drawn. */
export function compressionSpec(data: CompressionChartData | null): TopLevelSpec | null {
  const points = (data?.points ?? []).filter((p) => p.bytes > 0 && p.seconds > 0);
  if (!data || points.length === 0) return null;
  const variants = [...new Set(points.map((p) => p.variant))];
  const values = points.map((p) => ({ ...p, mb: p.bytes / BYTES_PER_MB }));
  const compressions = data.compressions.filter((c) => points.some((p) => p.compression === c));
  const links = data.links.filter((l) => points.some((p) => p.link === l));
  const panels = variants.map((variant) => {
    const own = values.filter((p) => p.variant === variant);
    const mbs = own.map((p) => p.mb);
    const secs = own.flatMap((p) => [p.seconds, p.low ?? p.seconds, p.high ?? p.seconds]);
    const x = {
      field: 'mb',
      type: 'quantitative',
      scale: { type: 'log', domain: around(Math.min(...mbs), Math.max(...mbs)) },
      axis: {
        title: 'compressed size, MB, log scale',
        values: ticks(around(Math.min(...mbs), Math.max(...mbs))),
        grid: true,
      },
    } as const;
    const y = {
      field: 'seconds',
      type: 'quantitative',
      scale: { type: 'log', domain: around(Math.min(...secs), Math.max(...secs)) },
      axis: {
        title: 'deploy, s, log scale',
        values: ticks(around(Math.min(...secs), Math.max(...secs))),
        grid: true,
      },
    } as const;
    const colour = {
      field: 'compression',
      type: 'nominal',
      title: 'compression',
      scale: { domain: compressions, range: OKABE_ITO.slice(0, compressions.length) },
    } as const;
    return {
      title: { text: variant, anchor: 'start', fontSize: 13 },
      width: PANEL_WIDTH,
      height: 220,
      data: { values: own },
      layer: [
        {
          mark: { type: 'line', color: '#777777', strokeWidth: 1.3 },
          encoding: {
            x,
            y,
            detail: { field: 'link', type: 'nominal' },
            strokeDash: {
              field: 'link',
              type: 'nominal',
              title: 'link speed (lines)',
              scale: { domain: links, range: DASHES.slice(0, links.length) },
              // A long stroke, so each dash pattern reads in the legend: the lines are named there only, since
              // labels at their ends collide where two links' deploys are close.
              legend: { symbolType: 'stroke', symbolSize: 600, symbolStrokeWidth: 1.5, symbolStrokeColor: '#555555' },
            },
            order: { field: 'mb', type: 'quantitative' },
          },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          transform: [{ filter: 'datum.low != null && datum.high != null' }],
          encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: colour },
        },
        {
          mark: { type: 'point', filled: true, size: 60, opacity: 1 },
          encoding: {
            x,
            y,
            color: colour,
            // Same field and title as the colour: Vega-Lite merges the two into one legend.
            shape: {
              field: 'compression',
              type: 'nominal',
              title: 'compression',
              scale: { domain: compressions, range: SHAPES.slice(0, compressions.length) },
            },
            tooltip: [{ field: 'compression' }, { field: 'link' }, { field: 'label', title: 'deploy' }],
          },
        },
      ],
    };
  });
  return {
    config: CHART_CONFIG,
    title: {
      text: 'Deploy to a fresh node per compression',
      subtitle: ['Median with its 95% interval (min–max below 6 samples); one line per link speed. Lower is better.'],
    },
    vconcat: panels,
    resolve: { scale: { color: 'shared', shape: 'shared', strokeDash: 'shared' } },
  } as TopLevelSpec;
}

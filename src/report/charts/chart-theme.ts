/** The look shared by every chart: sizes, fonts and a colour-blind-safe palette. */
import type { Config, TopLevelSpec } from 'vega-lite';

/** One panel of a vconcat chart, derived from the public TopLevelSpec (Vega-Lite exports the name only as unstable). */
export type PanelSpec = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];

/** Width of one plot area, px; axis labels and the value column bring a whole chart to about 700 px. */
export const PLOT_WIDTH = 500;

/** Okabe–Ito colours (safe for the common colour-vision deficiencies), yellow late because it is faint on white. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'];

/** Point shapes paired with the palette, so a series stays tellable apart in grey print too. */
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right'];

/** Measured today: Okabe–Ito blue. */
export const MEASURED_COLOUR = '#0072B2';
/** Published figures: Okabe–Ito orange. */
export const PUBLISHED_COLOUR = '#E69F00';

const FONT = 'Arial, Helvetica, "Liberation Sans", sans-serif';
const INK = '#222222';

/** Vega-Lite config for every chart: white background (GitHub's dark mode keeps it readable), 12 px labels. */
export const CHART_CONFIG: Config = {
  background: 'white',
  padding: 12,
  font: FONT,
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start', offset: 12, color: INK },
  axis: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: INK,
    titleColor: INK,
    gridColor: '#e4e4e4',
    domainColor: '#888888',
    tickColor: '#888888',
    labelLimit: 260,
  },
  header: { labelFontSize: 13, titleFontSize: 13 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 300, labelColor: INK, titleColor: INK },
  text: { fontSize: 12, color: INK },
  view: { stroke: null },
  concat: { spacing: 28 },
};

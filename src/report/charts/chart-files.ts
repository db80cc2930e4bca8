/** File names of the SVG charts inside the output folder; kept apart so pages can name them without loading vega. */
export const CHART_FILES = {
  sizes: 'chart-sizes.svg',
  timing: 'chart-timing.svg',
  trend: 'chart-trend.svg',
  deploy: 'chart-deploy.svg',
} as const;

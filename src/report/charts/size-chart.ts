/** Image size per variant on a log axis, measured today beside the figure the tutorials published. */

import type { TopLevelSpec } from 'vega-lite';
import { M } from '../../metrics/catalogue.js';
import type { Measurement, PublishedClaim } from '../../types.js';
import { formatDockerSize } from '../format/format-size.js';
import { parseReportedMb } from '../format/published-figure.js';
import { BYTES_PER_MB, firstSeen, logDomain, logTicks, okRows, seriesName } from './chart-data.js';
import { CHART_CONFIG, MEASURED_COLOUR, PLOT_WIDTH, PUBLISHED_COLOUR } from './chart-theme.js';
import { PREFERRED_SOURCE, pickClaim } from './published-size.js';
import { renderSvg } from './render-svg.js';

const PUBLISHED = 'published figure';
const NO_CLAIM = 'no published size';

interface Bar {
  variant: string;
  series: string;
  mb: number;
  label: string;
  /** True for the placeholder that says a variant has no published size. */
  muted?: boolean;
}

/** Bar chart of image_size (MB, log scale) per variant in row order, with one published figure per variant. */
export function sizeChart(rows: readonly Measurement[], claims: readonly PublishedClaim[]): Promise<string> {
  return renderSvg(sizeSpec(rows, claims));
}

/** The Vega-Lite spec behind sizeChart; exported so tests can compile it and check for warnings. */
export function sizeSpec(rows: readonly Measurement[], claims: readonly PublishedClaim[]): TopLevelSpec {
  const measured = okRows(rows, M.imageSize).filter((m) => m.value > 0);
  const profiles = firstSeen(measured.map((m) => m.profile));
  const today = `measured today (profile ${profiles.join(', ') || '?'})`;
  const bars: Bar[] = [];
  const claimed = new Set<string>();
  for (const m of measured) {
    bars.push({ variant: seriesName(m), series: today, mb: m.value / BYTES_PER_MB, label: formatDockerSize(m.value) });
    // One published bar per variant, beside its first measured row (the plain variant comes before sweep points).
    if (claimed.has(m.variant)) continue;
    claimed.add(m.variant);
    const claim = pickClaim(claims, m.variant);
    const mb = parseReportedMb(claim?.reportedSizeMb ?? null);
    if (!claim || mb === null) {
      // An empty slot would read as a drawing bug; say what is missing (sized to nothing once the domain is known).
      bars.push({ variant: seriesName(m), series: PUBLISHED, mb: 0, label: NO_CLAIM, muted: true });
      continue;
    }
    const source = claim.source === PREFERRED_SOURCE ? '' : ` (${claim.source})`;
    bars.push({ variant: seriesName(m), series: PUBLISHED, mb, label: `${claim.reportedSizeMb?.trim()}MB${source}` });
  }
  const title = { text: 'Image size per variant', subtitle: subtitle(rows, measured, bars) };
  if (bars.length === 0) return emptySpec({ ...title, text: 'Image size per variant: no image sizes measured' });

  const hasPublished = bars.some((b) => b.series === PUBLISHED && !b.muted);
  // "No published size" only means something beside published bars.
  const drawn = hasPublished ? bars : bars.filter((b) => !b.muted);
  const mbs = drawn.filter((b) => !b.muted).map((b) => b.mb);
  const domain = logDomain(Math.min(...mbs), Math.max(...mbs));
  for (const b of drawn) if (b.muted) b.mb = domain[0];
  const series = hasPublished ? [today, PUBLISHED] : [today];
  return {
    config: CHART_CONFIG,
    title,
    width: PLOT_WIDTH,
    // With yOffset the step is one bar's slot, so a variant takes two slots plus padding.
    height: { step: 18 },
    data: { values: drawn },
    encoding: {
      y: {
        field: 'variant',
        type: 'nominal',
        sort: firstSeen(drawn.map((b) => b.variant)),
        title: null,
        axis: { ticks: false, labelPadding: 6 },
      },
      yOffset: { field: 'series', type: 'nominal', sort: series },
      x: {
        field: 'mb',
        type: 'quantitative',
        scale: { type: 'log', domain },
        axis: {
          values: logTicks(...domain),
          format: ',~g',
          title: 'image size, MB (log scale: each decade is ×10; 1 MB = 1,000,000 bytes)',
          grid: true,
        },
      },
    },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.9 } },
        encoding: {
          // A log axis has no zero: bars start at the low end of the domain.
          x2: { datum: domain[0] },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: series, range: [MEASURED_COLOUR, PUBLISHED_COLOUR] },
            // One entry per line: side by side, entries sit where their estimated widths end, and a wider font overlaps them.
            legend: { title: null, orient: 'top', direction: 'vertical', symbolType: 'square' },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
        encoding: {
          text: { field: 'label' },
          color: { condition: { test: 'datum.muted', value: '#767676' }, value: '#222222' },
        },
      },
    ],
  };
}

function subtitle(rows: readonly Measurement[], measured: readonly Measurement[], bars: readonly Bar[]): string[] {
  const lines = ['Uncompressed, as docker images reports it.'];
  if (bars.some((b) => b.series === PUBLISHED && !b.muted))
    lines.push(`Published figures from ${PREFERRED_SOURCE} where it has the variant, else the source in brackets.`);
  const done = new Set(measured.map(seriesName));
  const missing = firstSeen(
    rows
      .filter((m) => m.metric === M.imageSize && !done.has(seriesName(m)))
      .map((m) => `${seriesName(m)} (${m.status === 'ok' ? 'no value' : m.status})`),
  );
  if (missing.length > 0) lines.push(`Not measured: ${missing.join(', ')}.`);
  return lines;
}

/** A titled, empty chart, so a run that measured nothing still gets a file that says so. */
function emptySpec(title: { text: string; subtitle?: string[] }): TopLevelSpec {
  return {
    config: CHART_CONFIG,
    title,
    width: PLOT_WIDTH,
    height: 40,
    data: { values: [{}] },
    mark: { type: 'text', text: 'nothing to draw' },
  };
}

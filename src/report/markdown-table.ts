/** The one variant table of results.md: which columns exist, and what each cell says. */
import { M, type MetricFormat, metricDef } from '../metrics/catalogue.js';
import type { Measurement, PublishedClaim } from '../types.js';
import { formatDockerSize } from './format-size.js';
import { firstLine } from './format-text.js';
import { formatTimed } from './format-timed.js';
import { describeBase } from './lesson/lesson-format.js';
import type { PivotRow } from './pivot.js';

interface Column {
  header: string;
  align: 'left' | 'right';
  /** Metric whose rows make an optional column appear; always shown when absent. */
  onlyWith?: string;
  cell: (row: PivotRow) => string;
}

const NONE = '—';
const ERROR_CHARS = 80;

/** How the table prints each of the catalogue's formats. */
const FORMATS: Record<MetricFormat, (value: number, m: Measurement) => string> = {
  size: (v) => formatDockerSize(v),
  count: (v) => String(v),
  flag: (v) => (v ? 'yes' : 'no'),
  percent: (v) => `${(v * 100).toFixed(2)}%`,
  timed: (_, m) => formatTimed(m),
  pass: (v) => (v ? 'pass' : 'fail'),
};

/** A metric's column, headed and formatted as the catalogue says; optional unless `always`, i.e. shown when measured. */
const metric = (name: string, always = false): Column => {
  const def = metricDef(name);
  if (!def?.column) throw new Error(`markdown table: metric ${name} has no column in the catalogue`);
  const format = FORMATS[def.format];
  return {
    header: def.column,
    align: def.format === 'flag' ? 'left' : 'right',
    ...(always ? {} : { onlyWith: name }),
    cell: (row) => metricCell(row, name, format),
  };
};

const COLUMNS: Column[] = [
  { header: 'variant', align: 'left', cell: (r) => (r.params ? `${r.variant} (${r.params})` : r.variant) },
  { header: 'base really used', align: 'left', cell: baseCell },
  metric(M.imageSize, true),
  metric(M.imageSizeCompressed),
  { header: 'published 2019', align: 'left', cell: (r) => publishedCell(r.record.published) },
  metric(M.layers, true),
  metric(M.binaryBytes, true),
  metric(M.ownBytes, true),
  metric(M.buildImageSize),
  { header: 'root?', align: 'left', cell: rootCell },
  metric(M.hasShell),
  metric(M.hasPackageManager),
  metric(M.executables),
  metric(M.setuidFiles),
  metric(M.wastedBytes),
  metric(M.efficiency),
  metric(M.contextBytes),
  metric(M.buildCold),
  metric(M.buildWarm),
  metric(M.pullEngineCold),
  metric(M.pullEngine100mbit),
  metric(M.pullEngine1gbit),
  metric(M.startup),
  { header: 'status', align: 'left', cell: statusCell },
];

/** The table as Markdown lines, padded so the raw file reads as a table too; optional columns only when measured. */
export function renderVariantTable(rows: readonly PivotRow[], present: ReadonlySet<string>): string[] {
  const columns = COLUMNS.filter((c) => c.onlyWith === undefined || present.has(c.onlyWith));
  const body = rows.map((row) => columns.map((c) => escapeCell(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(3, c.header.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells
      .map((text, i) => {
        const width = widths[i] ?? 0;
        return columns[i]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
      })
      .join(' | ')} |`;
  // A trailing colon right-aligns the column in rendered Markdown, matching the padding in the raw file.
  const dashes = columns.map((c, i) => {
    const width = (widths[i] ?? 3) + 2;
    return c.align === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width);
  });
  const rule = `|${dashes.join('|')}|`;
  return [line(columns.map((c) => c.header)), rule, ...body.map(line)];
}

/** Make text safe inside one Markdown table cell: a `|` would split the cell, a newline would end the row. */
export function escapeCell(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '\\|');
}

function metricCell(row: PivotRow, metric: string, format: (value: number, m: Measurement) => string): string {
  const m = row.cells.get(metric);
  if (!m) return NONE;
  if (m.status !== 'ok') return m.status;
  const value = m.value ?? m.median;
  return value === null ? NONE : format(value, m);
}

function baseCell(row: PivotRow): string {
  return row.record.finalBase ? describeBase(row.record.finalBase) : NONE;
}

function publishedCell(claims: readonly PublishedClaim[]): string {
  if (claims.length === 0) return NONE;
  return claims
    .map((c) => {
      const figure = c.reportedSizeMb === null ? firstLine(c.notes || 'no size', 40) : `${c.reportedSizeMb}MB`;
      return `${figure} (${c.source})`;
    })
    .join('; ');
}

function rootCell(row: PivotRow): string {
  const root = row.record.runsAsRoot;
  return root === null ? '?' : root ? 'yes' : 'no';
}

function statusCell(row: PivotRow): string {
  const { status, error } = row.record;
  if (status !== 'ok') return `${status}: ${firstLine(error ?? 'no reason given', ERROR_CHARS)}`;
  // A variant can build fine and still fail one measurement: say which, so the "failed" cell is explained.
  for (const m of row.cells.values()) {
    if (m.status === 'failed') return `failed: ${m.metric}: ${firstLine(m.error ?? 'no reason given', ERROR_CHARS)}`;
  }
  return 'ok';
}

/**
 * The variant tables of results.md: a narrow headline table first (what a reader compares), then one table per
 * group of the rest (sizes, anatomy, builds, pulls), each naming only the columns that group measured.
 */
import { M, type MetricFormat, metricDef } from '../../metrics/catalogue.js';
import type { Measurement, PackageFacts, PublishedClaim } from '../../types.js';
import { describeBase } from '../format/format-cell.js';
import { formatDockerSize } from '../format/format-size.js';
import { firstLine } from '../format/format-text.js';
import { formatTimed } from '../format/format-timed.js';
import type { PivotRow } from '../view/pivot.js';

interface Column {
  header: string;
  align: 'left' | 'right';
  /** Metric whose rows make an optional column appear; always shown when absent (unless `known` says otherwise). */
  onlyWith?: string;
  /** For a column of the records rather than the rows: whether any row knows its fact. */
  known?: (rows: readonly PivotRow[]) => boolean;
  cell: (row: PivotRow) => string;
}

const NONE = '—';
const ERROR_CHARS = 80;

/** How the tables print each of the catalogue's formats. */
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

const variantColumn: Column = {
  header: 'variant',
  align: 'left',
  cell: (r) => (r.params ? `${r.variant} (${r.params})` : r.variant),
};

/** The first table: at most nine columns, the figures a reader compares across variants. */
const HEADLINE: Column[] = [
  variantColumn,
  { header: 'base really used', align: 'left', cell: baseCell },
  metric(M.imageSize, true),
  metric(M.imageSizeCompressed),
  { header: 'published 2019', align: 'left', cell: (r) => publishedCell(r.record.published) },
  { header: 'packages', align: 'right', cell: (r) => packagesCell(r.record.packages) },
  metric(M.deploy100mbit),
  metric(M.startup),
  { header: 'status', align: 'left', cell: statusCell },
];

/** The tables that follow, one per group, each with the variant column first. */
const GROUP_TABLES: { title: string; columns: Column[] }[] = [
  {
    title: 'Sizes and layers',
    columns: [
      metric(M.layers),
      metric(M.binaryBytes),
      metric(M.ownBytes),
      metric(M.buildImageSize),
      metric(M.contextBytes),
    ],
  },
  {
    title: 'Anatomy and attack surface',
    columns: [
      {
        header: 'root?',
        align: 'left',
        known: (rows) => rows.some((r) => r.record.runsAsRoot !== null),
        cell: rootCell,
      },
      metric(M.hasShell),
      metric(M.hasPackageManager),
      metric(M.executables),
      metric(M.setuidFiles),
      metric(M.wastedBytes),
      metric(M.efficiency),
    ],
  },
  { title: 'Builds', columns: [metric(M.buildCold), metric(M.buildWarm)] },
  {
    title: 'Pulls on a fresh node',
    columns: [metric(M.pullEngineCold), metric(M.pullEngine100mbit), metric(M.pullEngine1gbit)],
  },
];

/** The headline table's lines. */
export function headlineTable(rows: readonly PivotRow[], present: ReadonlySet<string>): string[] {
  return renderTable(shown(HEADLINE, present, rows), rows);
}

/** Each group table that has a measured column, as a `### title` and its lines. */
export function groupTables(rows: readonly PivotRow[], present: ReadonlySet<string>): string[][] {
  return GROUP_TABLES.flatMap(({ title, columns }) => {
    const measured = shown(columns, present, rows);
    return measured.length === 0 ? [] : [[`## ${title}`, '', ...renderTable([variantColumn, ...measured], rows)]];
  });
}

function shown(columns: readonly Column[], present: ReadonlySet<string>, rows: readonly PivotRow[]): Column[] {
  return columns.filter((c) => (c.known ? c.known(rows) : c.onlyWith === undefined || present.has(c.onlyWith)));
}

/** A table as Markdown lines, padded so the raw file reads as a table too. */
function renderTable(columns: readonly Column[], rows: readonly PivotRow[]): string[] {
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

/** OS packages by their manager and the Go modules of the image's binaries: `92 dpkg, 4 Go modules`. */
export function packagesCell(packages: PackageFacts | null | undefined): string {
  if (!packages) return NONE;
  const modules = packages.go.reduce((n, binary) => n + binary.modules.length, 0);
  const managers = [...new Set(packages.os.map((p) => p.manager))];
  const parts = [
    ...managers.map((manager) => `${packages.os.filter((p) => p.manager === manager).length} ${manager}`),
    ...(packages.go.length > 0 ? [`${modules} Go module${modules === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(', ') || 'none';
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

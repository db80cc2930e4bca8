/** Read history.csv back into Measurement rows, refusing (with the line number) anything that does not parse. */
import { LATER_COLUMNS, MEASUREMENT_COLUMNS, type Measurement, NUMERIC_COLUMNS, type Status } from '../types.js';
import { type CsvRecord, CsvSyntaxError, csvRecords } from './csv-records.js';

/** A history file that does not parse: names the file, the 1-based line and what is wrong. */
export class HistoryError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(
      `${file} line ${line}: ${problem}; the file was left unchanged: fix or delete that line (or move the file aside) and run again`,
    );
    this.name = 'HistoryError';
  }
}

const NUMERIC = new Set<string>(NUMERIC_COLUMNS);
/** Columns an older history lacks: its rows read them as null. */
const LATER = new Set<string>(LATER_COLUMNS);

const NULLABLE = new Set<string>(['git_sha', 'image_store', 'image', 'base', 'error', 'note']);
const STATUSES: readonly Status[] = ['ok', 'failed', 'skipped'];

type Column = (typeof MEASUREMENT_COLUMNS)[number];

/**
 * The columns a history file's header names: this version's list, or an earlier one (the same columns in the same
 * order, less some added later); null for anything else. A file started with an earlier list gets this version's
 * header line before the first rows that have the new columns, so every row keeps its image store.
 */
function historyColumns(header: readonly string[]): Column[] | null {
  const known = MEASUREMENT_COLUMNS.filter((c) => header.includes(c) || !LATER.has(c));
  return known.length === header.length && known.every((c, i) => c === header[i]) ? known : null;
}

/** Parse history text; an empty file is an empty history. Throws HistoryError on the first bad line. */
export function parseHistory(text: string, file = 'history.csv'): Measurement[] {
  return parseHistoryFile(text, file).rows;
}

/** Where a parse starts when the lines above it are known good: the column list in force there, and its line. */
export interface HistoryResume {
  columns: readonly string[];
  /** Lines above the text (its first line is this + 1). */
  lines: number;
}

/**
 * The rows, and the column list in force at the end of the file (null for an empty file). With `resume`, `text` is the
 * rest of a file whose beginning was checked before: no header is required, and line numbers count from `resume.lines`.
 */
export function parseHistoryFile(
  text: string,
  file = 'history.csv',
  resume: HistoryResume | null = null,
): { rows: Measurement[]; columns: Column[] | null } {
  const known = resume ? historyColumns(resume.columns) : null;
  if (text.trim() === '') return { rows: [], columns: known };
  const offset = resume?.lines ?? 0;
  let records: CsvRecord[];
  try {
    records = csvRecords(text).map((r) => ({ ...r, line: r.line + offset }));
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new HistoryError(file, err.line + offset, err.problem);
    throw err;
  }
  const [head, ...body] = known ? [{ fields: [...known], line: offset }, ...records] : records;
  let columns = historyColumns(head?.fields ?? []);
  if (!columns) {
    throw new HistoryError(
      file,
      head?.line ?? 1,
      `the header is not this version's column list (${MEASUREMENT_COLUMNS.join(',')}) nor an earlier one`,
    );
  }
  const rows: Measurement[] = [];
  for (const { fields, line } of body) {
    // A later header line (no run id is "run_id") switches to the columns it names, for the rows below it.
    const next = fields[0] === 'run_id' ? historyColumns(fields) : null;
    if (next) columns = next;
    else rows.push(toRow(fields, columns, line, file));
  }
  return { rows, columns };
}

function toRow(fields: string[], columns: readonly Column[], line: number, file: string): Measurement {
  const fail = (problem: string): never => {
    throw new HistoryError(file, line, problem);
  };
  if (fields.length !== columns.length) fail(`${fields.length} fields where the header has ${columns.length}`);
  // Columns newer than the file's header are absent: null, as for a row that has no such figure.
  const row: Record<string, string | number | null> = Object.fromEntries(MEASUREMENT_COLUMNS.map((c) => [c, null]));
  columns.forEach((col, i) => {
    const raw = fields[i] ?? '';
    if (NUMERIC.has(col)) {
      const n = Number(raw);
      if (raw !== '' && !Number.isFinite(n)) fail(`${col} "${raw}" is not a number`);
      row[col] = raw === '' ? null : n;
    } else row[col] = NULLABLE.has(col) && raw === '' ? null : raw;
  });
  if (!row.run_id) fail('run_id is empty');
  if (!row.metric) fail('metric is empty');
  if (!row.variant) fail('variant is empty');
  if (Number.isNaN(Date.parse(String(row.timestamp)))) fail(`timestamp "${row.timestamp}" is not a date`);
  if (!STATUSES.includes(row.status as Status)) fail(`status "${row.status}" is not one of ${STATUSES.join(', ')}`);
  return row as unknown as Measurement;
}

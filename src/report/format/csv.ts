/** CSV reporter: the long-format Measurement rows, one per line, columns in MEASUREMENT_COLUMNS order. */
import { stringify } from 'csv-stringify/sync';
import { MEASUREMENT_COLUMNS, type Measurement } from '../../types.js';

/** Render rows as CSV text; the header line is written even when there are no rows. `columns` defaults to all. */
export function renderCsv(rows: Measurement[], columns: readonly (keyof Measurement)[] = MEASUREMENT_COLUMNS): string {
  return stringify(rows, {
    header: true,
    columns: [...columns],
    cast: {
      number: formatCsvNumber,
      // The library's defaults would write `1` and an empty field: ambiguous next to null.
      boolean: (b) => (b ? 'true' : 'false'),
      null: () => '',
      undefined: () => '',
    },
  });
}

/** Integers as plain digits, others rounded to at most 3 decimals; never an exponent, so any CSV reader parses it. */
export function formatCsvNumber(n: number): string {
  // NaN or ±Infinity would read back as a string; an empty field reads back as missing, which it is.
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return BigInt(n).toString();
  const fixed = n.toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

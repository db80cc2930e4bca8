import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvRecords } from '../../../src/history/csv-records.js';

const root = path.resolve(import.meta.dirname, '../../..');
// Fields as the history holds them, and the characters that need quoting: commas, quotes, both line ends.
const field = fc.oneof(
  fc.string(),
  fc.constantFrom('', ',', '"', '""', '\n', '\r\n', 'a"b', 'x,y\nz'),
  fc.string({ unit: 'grapheme' }),
);
const table = fc.array(fc.array(field, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 12 });

describe('the history CSV reader', () => {
  it('reads back exactly what csv-stringify wrote, and agrees with csv-parse (property, seeded)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const text = stringify(rows);
        expect(csvRecords(text).map((r) => r.fields)).toEqual(rows);
        expect(csvRecords(text).map((r) => r.fields)).toEqual(parse(text, { relax_column_count: true }));
      }),
      { seed: 20261202, numRuns: 500 },
    );
  });

  it('reads the committed history as csv-parse does, record for record', () => {
    const text = readFileSync(path.join(root, 'results/history.csv'), 'utf8');
    const ours = csvRecords(text).map((r) => r.fields);
    expect(ours).toEqual(parse(text, { relax_column_count: true, skip_empty_lines: true }));
  });

  it('names the line of a record, after quoted line breaks, and of malformed quoting', () => {
    expect(csvRecords('a,b\n"x\ny",z\n\nlast,1').map((r) => r.line)).toEqual([1, 2, 5]);
    expect(() => csvRecords('a,b\nc,"open\n')).toThrow(new CsvSyntaxError(2, 'a quoted field is never closed'));
    expect(() => csvRecords('a,b\nc,d"e\n')).toThrow(
      new CsvSyntaxError(2, 'a quote inside a field that does not start with one'),
    );
    expect(() => csvRecords('a,"b"c\n')).toThrow(
      new CsvSyntaxError(1, 'a closing quote is followed by "c", not by a comma or a line end'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { pivotByVariant } from '../../../src/report/view/pivot.js';
import { report, row, sizeRun } from './fixture.js';

describe('pivotByVariant', () => {
  it('keeps the record a run wrote, status and final base as measured', () => {
    const run = { ...sizeRun(), variants: [report('one', { status: 'failed', error: 'boom', finalBase: null })] };
    run.measurements = [row('one', 'image_size', 10)];
    const [one] = pivotByVariant(run);
    expect([one?.record.status, one?.record.error, one?.record.finalBase]).toEqual(['failed', 'boom', null]);
  });

  it('reads a record from the rows of a variant the run has none for: failed beats skipped beats ok', () => {
    const run = { ...sizeRun(), variants: [] };
    run.measurements = [
      row('a', 'image_size', 10, { base: 'local/busybox:bookworm' }),
      row('a', 'startup', null, { status: 'failed', error: 'no answer' }),
      row('b', 'image_size', null, { status: 'skipped', error: 'no registry' }),
      row('b', 'layers', null, { status: 'skipped', error: null }),
      row('c', 'image_size', 5),
    ];
    const records = pivotByVariant(run).map((r) => r.record);
    expect(records.map((r) => [r.variant, r.status, r.error])).toEqual([
      ['a', 'failed', 'no answer'],
      ['b', 'skipped', 'no registry'],
      ['c', 'ok', null],
    ]);
    expect(records[0]?.finalBase).toEqual({ ref: 'local/busybox:bookworm', standsFor: null });
    expect(records[2]?.finalBase).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { formatCsvNumber, renderCsv } from '../../../src/report/format/csv.js';
import { MEASUREMENT_COLUMNS } from '../../../src/types.js';
import { row, sizeRun, timedRow } from './fixture.js';

describe('renderCsv', () => {
  it('writes the header even with no rows', () => {
    expect(renderCsv([])).toMatchInlineSnapshot(`
      "run_id,timestamp,git_sha,profile,builder,engine_version,image_store,variant,params,metric,unit,status,value,mean,median,min,max,sd,rme,samples,image,base,error,note,ci_low,ci_high,other_cpu
      "
    `);
  });

  it('writes one line per measurement, nulls empty, decimals capped at 3, errors quoted, no margin for n = 1', () => {
    const rows = [
      ...sizeRun().measurements.filter((m) => m.variant !== 'ubuntu'),
      timedRow('multistage', 'startup', 41.2, 12.5, 10, { git_sha: null, error: 'said "hi", then left' }),
      timedRow('multistage', 'build_cold', 63_900, 0, 1),
    ];
    expect(renderCsv(rows)).toMatchInlineSnapshot(`
      "run_id,timestamp,git_sha,profile,builder,engine_version,image_store,variant,params,metric,unit,status,value,mean,median,min,max,sd,rme,samples,image,base,error,note,ci_low,ci_high,other_cpu
      r-20250301-1004,2025-03-01T10:05:00.000Z,abc1234def5678,local,buildkit,20.10.24,overlay2 graph driver,multistage,,image_size,bytes,ok,11300000,11300000,11300000,11300000,11300000,,,1,imagediet/multistage:local,local/alpine:3.8,,,,,
      r-20250301-1004,2025-03-01T10:05:00.000Z,abc1234def5678,local,buildkit,20.10.24,overlay2 graph driver,multistage,,layers,count,ok,3,3,3,3,3,,,1,imagediet/multistage:local,,,,,,
      r-20250301-1004,2025-03-01T10:05:00.000Z,abc1234def5678,local,buildkit,20.10.24,overlay2 graph driver,multistage,,binary_bytes,bytes,ok,1982259,1982259,1982259,1982259,1982259,,,1,imagediet/multistage:local,,,,,,
      r-20250301-1004,2025-03-01T10:05:00.000Z,abc1234def5678,local,buildkit,20.10.24,overlay2 graph driver,multistage,,own_bytes,bytes,ok,5000000,5000000,5000000,5000000,5000000,,,1,imagediet/multistage:local,,,,,,
      r-20250301-1004,2025-03-01T10:05:00.000Z,abc1234def5678,local,buildkit,20.10.24,overlay2 graph driver,scratch,ldflags=-s -w,image_size,bytes,failed,,,,,,,,,,,"build scratch: go build ./... | tee build.log: exit code 2
      #12 0.31 main.go:3:2: missing import",,,,
      r-20250301-1004,2025-03-01T10:05:00.000Z,,local,buildkit,20.10.24,overlay2 graph driver,multistage,,startup,ms,ok,41.2,41.612,41.2,39.964,42.848,0.824,12.5,10,imagediet/multistage:local,,"said ""hi"", then left",,36.05,46.35,
      r-20250301-1004,2025-03-01T10:05:00.000Z,abc1234def5678,local,buildkit,20.10.24,overlay2 graph driver,multistage,,build_cold,ms,ok,63900,63900,63900,63900,63900,,,1,imagediet/multistage:local,,,,,,
      "
    `);
  });

  it('keeps a row with every column in MEASUREMENT_COLUMNS order', () => {
    const text = renderCsv([row('a', 'image_size', 1)]);
    const [header, line] = text.trimEnd().split('\n');
    expect(header?.split(',')).toHaveLength(MEASUREMENT_COLUMNS.length);
    expect(line?.split(',')).toHaveLength(MEASUREMENT_COLUMNS.length);
  });
});

describe('formatCsvNumber', () => {
  it('never prints an exponent', () => {
    expect(formatCsvNumber(1e21)).toBe('1000000000000000000000');
    expect(formatCsvNumber(1e-7)).toBe('0');
    expect(formatCsvNumber(-0.0001)).toBe('0');
    expect(formatCsvNumber(4521.1239)).toBe('4521.124');
    expect(formatCsvNumber(2.5)).toBe('2.5');
    expect(formatCsvNumber(7)).toBe('7');
    expect(formatCsvNumber(Number.NaN)).toBe('');
  });
});

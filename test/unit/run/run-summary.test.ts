import { describe, expect, it } from 'vitest';
import { groupOf } from '../../../src/metrics/catalogue.js';
import { judgeRun, verdictLine } from '../../../src/run/run-summary.js';
import type { Measurement, VariantRecord } from '../../../src/types.js';

const report = (variant: string, status: VariantRecord['status'], params = '') =>
  ({ variant, params, status, error: status === 'failed' ? 'build: RUN false' : null }) as VariantRecord;
const row = (variant: string, metric: string, status: Measurement['status'], params = '') =>
  ({ variant, params, metric, status, error: status === 'failed' ? `${metric} broke` : null }) as Measurement;

describe('run verdict', () => {
  it('maps each metric to its group, the smoke test and context bytes included', () => {
    expect([groupOf('wasted_bytes'), groupOf('startup_ready'), groupOf('smoke'), groupOf('context_bytes')]).toEqual([
      'anatomy',
      'startup',
      'smoke',
      'size',
    ]);
  });

  it('counts a variant with a failed group as not ok, names the group per sweep point, and ignores skips', () => {
    const verdict = judgeRun({
      variants: [
        report('a', 'ok'),
        report('b', 'failed'),
        report('c', 'ok', 'goVersion=1.22'),
        report('c', 'ok', 'goVersion=1.23'),
        report('d', 'skipped'),
      ],
      measurements: [
        row('a', 'image_size', 'ok'),
        row('b', 'image_size', 'failed'),
        row('c', 'startup', 'failed', 'goVersion=1.22'),
        row('c', 'startup_ready', 'failed', 'goVersion=1.22'),
        row('c', 'executables', 'failed', 'goVersion=1.22'),
        row('c', 'startup', 'ok', 'goVersion=1.23'),
        row('d', 'image_size', 'skipped'),
      ],
    });
    expect(verdict.exitCode).toBe(1);
    expect(verdictLine(verdict)).toBe(
      '2 of 5 variant(s) ok; 1 skipped; failed: b; metric groups failed: c (goVersion=1.22): startup, anatomy',
    );
  });
});

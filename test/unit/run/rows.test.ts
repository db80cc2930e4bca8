import { describe, expect, it } from 'vitest';
import { failedRow, okRow, type RunContext, skippedRow } from '../../../src/run/run-context.js';

const ctx: RunContext = {
  runId: 'r1',
  gitSha: null,
  profile: 'hub',
  builder: 'buildkit',
  engineVersion: '28.5.0',
  imageStore: 'overlay2 graph driver',
  startedAtMs: 0,
  signal: new AbortController().signal,
  note: () => {},
};
const target = { variant: 'alpine', params: '', image: 'imagediet/alpine:hub', base: 'alpine:3.21' };

describe('rows', () => {
  it('takes the unit from the metric catalogue', () => {
    expect(okRow(ctx, target, 'image_size', { value: 12 }).unit).toBe('bytes');
    expect(okRow(ctx, target, 'startup', { value: 300, samples: 5 }).unit).toBe('ms');
    expect(skippedRow(ctx, target, 'has_shell', 'why').unit).toBe('flag');
  });

  it('counts one sample behind an exact value and none behind a missing one', () => {
    expect(okRow(ctx, target, 'layers', { value: 3 }).samples).toBe(1);
    expect(failedRow(ctx, target, 'layers', 'boom').samples).toBeNull();
  });

  it('keeps the status, the reason and a failed value that was seen', () => {
    const smoke = failedRow(ctx, target, 'smoke', 'GET / answered 500', 0);
    expect([smoke.status, smoke.value, smoke.error]).toEqual(['failed', 0, 'GET / answered 500']);
    const skipped = skippedRow(ctx, target, 'build_cold', 'no builder');
    expect([skipped.status, skipped.value, skipped.error]).toEqual(['skipped', null, 'no builder']);
    const ok = okRow(ctx, target, 'image_size', { value: 5 }, 'computed from layers');
    expect([ok.status, ok.error, ok.note]).toEqual(['ok', null, 'computed from layers']);
  });

  it('refuses a metric the catalogue does not hold, naming it', () => {
    expect(() => okRow(ctx, target, 'image_sise', { value: 1 })).toThrow(/"image_sise" is not in the metric catalogue/);
  });
});

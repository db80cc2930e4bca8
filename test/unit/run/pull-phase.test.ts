import { describe, expect, it } from 'vitest';
import { formatTimed } from '../../../src/report/format-timed.js';
import { derivedLinkRow } from '../../../src/run/pull-phase.js';
import type { RunContext } from '../../../src/run/run-context.js';

const ctx = {
  runId: 'r',
  gitSha: null,
  profile: 'local',
  builder: 'buildkit',
  engineVersion: '20.10.24',
  imageStore: 'overlay2 graph driver',
  startedAtMs: 0,
  signal: new AbortController().signal,
} as RunContext;
const target = { variant: 'ubuntu', params: '', image: 'imagediet/ubuntu:local', base: null };

describe('derived link-speed pulls', () => {
  it('are one value, marked derived, with no n, no spread and no margin', () => {
    // 250 MB at 100 Mbit/s is 20 s, longer than the 900 ms loopback pull.
    const m = derivedLinkRow(ctx, target, 'pull_100mbit', 100e6, 250_000_000, 900);
    expect(m).toMatchObject({
      status: 'ok',
      value: 20_000,
      samples: null,
      mean: null,
      sd: null,
      rme: null,
      ci_low: null,
      ci_high: null,
      note: 'derived: max(median loopback cold pull, compressed bytes at 100 Mbit/s)',
    });
    expect(formatTimed(m)).toBe('20.0 s (derived)');
  });

  it('take the loopback pull when it is the slower part', () => {
    expect(derivedLinkRow(ctx, target, 'pull_1gbit', 1e9, 12_500_000, 300).value).toBe(300);
  });

  it('fail, naming why, when the loopback pull they build on failed', () => {
    const m = derivedLinkRow(ctx, target, 'pull_1gbit', 1e9, 250_000_000, null);
    expect(m).toMatchObject({ status: 'failed', value: null, samples: null });
    expect(m.error).toBe('pull_1gbit: derived from pull_cold, which has no value');
  });
});

import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../../src/merge/merge-results.js';
import type { RunResult } from '../../../src/types.js';
import { sizeRun } from '../report/fixture.js';

/** Split the fixture run into shards by variant, as `--shard i/n` would. */
function shards(n: number): { dir: string; result: RunResult }[] {
  const whole = sizeRun();
  return Array.from({ length: n }, (_, i) => {
    const variants = whole.variants.filter((_, k) => k % n === i);
    const names = new Set(variants.map((v) => v.variant));
    return {
      dir: `shard-${i + 1}`,
      result: {
        ...whole,
        runId: `run-${i + 1}`,
        shard: `${i + 1}/${n}`,
        variants,
        measurements: whole.measurements
          .filter((m) => names.has(m.variant))
          .map((m) => ({ ...m, run_id: `run-${i + 1}` })),
      },
    };
  });
}

describe('merge', () => {
  it('gives the same variant set and rows as the unsharded run, under one new run id', () => {
    const whole = sizeRun();
    const merged = mergeResults(shards(2), 'merged-1', { allowMixed: false });
    if ('problems' in merged) throw new Error(merged.problems.join('\n'));
    expect(merged.result.variants.map((v) => v.variant).sort()).toEqual(whole.variants.map((v) => v.variant).sort());
    expect(merged.result.measurements).toHaveLength(whole.measurements.length);
    expect(new Set(merged.result.measurements.map((m) => m.run_id))).toEqual(new Set(['merged-1']));
    expect(merged.result.mergedFrom).toEqual(['run-1', 'run-2']);
    expect(merged.result.shard).toBeNull();
  });

  it('refuses a mix of engines or profiles unless told, naming both folders', () => {
    const [a, b] = shards(2) as [ReturnType<typeof shards>[number], ReturnType<typeof shards>[number]];
    b.result = {
      ...b.result,
      profile: 'hub',
      environment: { ...(b.result.environment as NonNullable<RunResult['environment']>), engineVersion: '27.3.1' },
    };
    const refused = mergeResults([a, b], 'm', { allowMixed: false });
    expect(refused).toEqual({
      problems: [
        'merge: the results differ in profile (local in shard-1, hub in shard-2); merge like with like, or pass --allow-mixed',
        `merge: the results differ in engine version (${a.result.environment?.engineVersion} in shard-1, 27.3.1 in shard-2); merge like with like, or pass --allow-mixed`,
      ],
    });
    const allowed = mergeResults([a, b], 'm', { allowMixed: true });
    if ('problems' in allowed) throw new Error('expected a merge');
    expect(allowed.result.warnings.join('\n')).toMatch(/merged results of different profiles/);
  });

  it('refuses shards measured on different image stores, naming both stores', () => {
    const [a, b] = shards(2) as [ReturnType<typeof shards>[number], ReturnType<typeof shards>[number]];
    const env = b.result.environment as NonNullable<RunResult['environment']>;
    b.result = { ...b.result, environment: { ...env, imageStore: 'containerd snapshotter overlayfs' } };
    expect(mergeResults([a, b], 'm', { allowMixed: false })).toEqual({
      problems: [
        'merge: the results differ in image store (overlay2 graph driver in shard-1, containerd snapshotter overlayfs in shard-2); merge like with like, or pass --allow-mixed',
      ],
    });
    const allowed = mergeResults([a, b], 'm', { allowMixed: true });
    if ('problems' in allowed) throw new Error('expected a merge');
    expect(allowed.result.warnings.join('\n')).toMatch(/merged results of different image stores/);
  });

  it('refuses overlapping shards and warns about a missing one', () => {
    const [a] = shards(2) as [ReturnType<typeof shards>[number]];
    const overlap = mergeResults([a, { ...a, dir: 'copy' }], 'm', { allowMixed: false });
    if (!('problems' in overlap)) throw new Error('expected a refusal');
    expect(overlap.problems).toHaveLength(a.result.variants.length);
    for (const p of overlap.problems) expect(p).toMatch(/is in both shard-1 and copy; merge disjoint shards only/);
    const one = mergeResults([a], 'm', { allowMixed: false });
    if ('problems' in one) throw new Error('expected a merge');
    expect(one.result.warnings).toContain('shard(s) 2/2 missing from the merge');
  });

  it('returns the warnings it raised apart from those the inputs carried', () => {
    const [a, b] = shards(2) as [ReturnType<typeof shards>[number], ReturnType<typeof shards>[number]];
    const own = { ...a, result: { ...a.result, warnings: ['startup: one outlier in alpine'] } };
    const merged = mergeResults([own, b], 'm', { allowMixed: false });
    if ('problems' in merged) throw new Error('expected a merge');
    expect(merged.result.warnings).toContain('startup: one outlier in alpine');
    expect(merged.warnings).toEqual([]);
    const partial = mergeResults([own], 'm', { allowMixed: false });
    if ('problems' in partial) throw new Error('expected a merge');
    expect(partial.warnings).toEqual(['shard(s) 2/2 missing from the merge']);
  });
});

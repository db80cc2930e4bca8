import { describe, expect, it } from 'vitest';
import type { CacheRecord } from '../../../src/engine/build-cache.js';
import type { Ownership } from '../../../src/engine/build-ownership.js';
import { claimsOf } from '../../../src/engine/cache-claims.js';

const rec = (id: string, size = 10): CacheRecord => ({
  id,
  description: 'fileop target',
  type: 'regular',
  inUse: false,
  shared: false,
  size,
  createdAt: 0,
  lastUsedAt: 0,
  usageCount: 1,
});
const proven = (...ids: string[]): Ownership => ({ proven: true, records: ids.map((id) => rec(id)) });
const unproven = (reason: string, ...ids: string[]): Ownership => ({
  proven: false,
  reason,
  records: ids.map((id) => rec(id, 100)),
});

describe('what a prune may delete, from the verdicts on our builds', () => {
  it('claims the records of proven builds once each, and none an earlier prune deleted', () => {
    const c = claimsOf([proven('a', 'b'), proven('b', 'c')], new Set(['c']));
    expect(c).toEqual({ claimed: [rec('a'), rec('b')], unproven: [], reasons: [] });
  });

  it('never claims a record an unproven build saw appear, and counts the builds behind each reason', () => {
    const running = 'another build was running as it began';
    const c = claimsOf(
      [
        proven('a', 'x'),
        unproven(running, 'x', 'y'),
        unproven(running, 'z'),
        unproven('records vanished while it ran'),
      ],
      new Set(),
    );
    expect(c.claimed.map((r) => r.id)).toEqual(['a']);
    expect(c.unproven.map((r) => r.id)).toEqual(['x', 'y', 'z']);
    expect(c.reasons).toEqual([`${running} (2 builds)`, 'records vanished while it ran (1 build)']);
  });
});

/** From the verdicts on our builds, the build-cache records a prune may delete and those it must leave. */
import type { CacheRecord } from './build-cache.js';
import type { Ownership } from './build-ownership.js';

/** Records a prune may delete, and what it leaves unproven. */
export interface CacheClaims {
  /** Proven ours and not deleted yet, each once. */
  claimed: CacheRecord[];
  /** Records that appeared during builds whose ownership is not proven, each once. */
  unproven: CacheRecord[];
  /** Each reason once, with how many builds gave it: `another build was running as it began (2 builds)`. */
  reasons: string[];
}

/**
 * Sum up the verdicts of `builds`. A record that any unproven build saw appear is never claimed, even if another
 * build proved it; `deleted` holds the ids an earlier prune already removed.
 */
export function claimsOf(builds: Ownership[], deleted: ReadonlySet<string>): CacheClaims {
  const unproven = new Map<string, CacheRecord>();
  const counts = new Map<string, number>();
  for (const b of builds) {
    if (b.proven) continue;
    counts.set(b.reason, (counts.get(b.reason) ?? 0) + 1);
    for (const r of b.records) unproven.set(r.id, r);
  }
  const claimed = new Map<string, CacheRecord>();
  for (const b of builds) {
    if (!b.proven) continue;
    for (const r of b.records) if (!unproven.has(r.id) && !deleted.has(r.id)) claimed.set(r.id, r);
  }
  const reasons = [...counts].map(([reason, n]) => `${reason} (${n} build${n === 1 ? '' : 's'})`);
  return { claimed: [...claimed.values()], unproven: [...unproven.values()], reasons };
}

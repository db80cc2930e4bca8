/** How a run's clean-up tells what it did with the build cache: what went, and what it left and why. */
import type { PruneReport } from '../engine/engine.js';

/**
 * `3 build-cache record(s) of this run's builds, 40960 bytes (1 more still shared or in use, kept); left 5 record(s),
 * 1234 bytes, that appeared during its builds, not proven its own: another build was running as it began (2 builds)`.
 */
export function pruneSummary(r: PruneReport): string {
  const kept = r.kept ? ` (${r.kept} more still shared or in use, kept)` : '';
  const u = r.unproven;
  const left =
    u.reasons.length > 0
      ? `; left ${u.records} record(s), ${u.bytes} bytes, that appeared during its builds, not proven its own: ` +
        u.reasons.join('; ')
      : '';
  return `${r.records} build-cache record(s) of this run's builds, ${r.bytes} bytes${kept}${left}`;
}

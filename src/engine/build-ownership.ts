/**
 * Which build-cache records one of our BuildKit builds provably created. The Engine API keeps no owner per record and
 * nothing we send reaches one, so ownership is proven per build, not guessed per record: the build's window (a
 * `/system/df` snapshot right before it and one right after it, once nothing is in use) must show no other client's
 * activity at all. Then every record that appeared in it is ours. Any sign of another build in the window, and every
 * record that appeared in it is left, whoever made it.
 *
 * The signs, each seen on Docker 20.10 (overlay2) and 28.5 (containerd store):
 * - a build in progress holds records (`InUse`) from its first record to its end, except for a moment after its tar
 *   context has arrived: a build running as a snapshot is taken shows in it;
 * - a build's end releases its records and sets their `LastUsedAt`, and turns its working records into final ones
 *   (some vanish, others appear, created before the window): a build that was in that moment as the window opened,
 *   or that ended in it, changes its context record or makes records vanish;
 * - every build sent a tar makes a context record of its own (`http url http://build-context-<id>`); other clients'
 *   builds use a context, local files or git, whose records we never use;
 * - each record a step makes appears while the step runs, and is of its kind.
 */
import type { CacheRecord } from './build-cache.js';
import type { VertexSpan } from './build-stream.js';
import { isContextRecord, isFromStep, isSourceRecord, type Slot, slotsOf } from './step-slots.js';

/** Whether a build's records are proven ours; either way, the records that appeared during it. */
export type Ownership =
  | {
      proven: true;
      /** Records our steps made: the context, the files, the RUNs. A base image's layers are not among them. */
      records: CacheRecord[];
    }
  | {
      proven: false;
      /** Why not, in a few words. */
      reason: string;
      /** Every record that appeared during the build, ours or not: all are left. */
      records: CacheRecord[];
    };

/** Margin around a FROM step for the records of its image's layers, ms (daemon clock). */
const FROM_SLACK_MS = 5;

const touched = (was: CacheRecord, now: CacheRecord) =>
  was.lastUsedAt !== now.lastUsedAt || was.usageCount !== now.usageCount;

/**
 * Assign each record a slot of its own (augmenting paths): one step's record cannot explain another's. Returns the
 * records left without one.
 */
function unmatched(records: CacheRecord[], slots: Slot[]): CacheRecord[] {
  const holder = new Map<Slot, CacheRecord>();
  const fits = (r: CacheRecord, s: Slot) => r.createdAt >= s.from && r.createdAt <= s.to && s.fits(r.description);
  const place = (r: CacheRecord, seen: Set<Slot>): boolean => {
    for (const s of slots) {
      if (seen.has(s) || !fits(r, s)) continue;
      seen.add(s);
      const other = holder.get(s);
      if (!other || place(other, seen)) {
        holder.set(s, r);
        return true;
      }
    }
    return false;
  };
  return records.filter((r) => !place(r, new Set()));
}

/**
 * Judge one build from the snapshots taken right before it (`before`) and right after it (`after`), and the steps it
 * ran (not served from cache), with their times on the daemon's clock.
 */
export function judgeBuild(before: CacheRecord[], after: CacheRecord[], spans: VertexSpan[]): Ownership {
  const was = new Map(before.map((r) => [r.id, r]));
  const appeared = after.filter((r) => !was.has(r.id));
  const unproven = (reason: string): Ownership => ({ proven: false, reason, records: appeared });
  if (before.some((r) => r.inUse)) return unproven('another build was running as it began');
  if (after.some((r) => r.inUse)) return unproven('a build was still running after it ended');
  const now = new Set(after.map((r) => r.id));
  if (before.some((r) => !now.has(r.id))) return unproven('records vanished while it ran');
  const used = after.filter((r) => {
    const old = was.get(r.id);
    return old !== undefined && touched(old, r);
  });
  if (used.some(isSourceRecord)) return unproven("another build's context was used while it ran");
  if (appeared.filter(isContextRecord).length > 1) return unproven("another build's context appeared while it ran");
  const slots = spans.flatMap(slotsOf);
  const left = unmatched(appeared, slots);
  // A FROM that ran makes one record per layer of its image, on that image's first use; they are the image's.
  const froms = spans.filter(isFromStep);
  const ofImage = (r: CacheRecord) =>
    froms.some((s) => r.createdAt >= s.start - FROM_SLACK_MS && r.createdAt <= s.end + FROM_SLACK_MS);
  if (!left.every(ofImage)) return unproven('a record none of its steps explains appeared');
  const images = new Set(left);
  return { proven: true, records: appeared.filter((r) => !images.has(r)) };
}

/**
 * Runs measured on different image stores are not compared unless asked: the engine's own size figure means the
 * uncompressed layers on a graph driver and the packed content under the containerd store, and even image_size, the
 * same figure on both, was not before the store was recorded. Pure.
 */
import type { Measurement } from '../types.js';

/** The image stores `rows` name, recorded ones only. */
function storesOf(rows: Measurement[]): string[] {
  return [...new Set(rows.map((r) => r.image_store).filter((s): s is string => Boolean(s)))];
}

/** The latest run before `run` in `history` measured on exactly `stores`, or null. */
function earlierRunOn(history: Measurement[], run: string, stores: string[]): string | null {
  const ids = [...new Set(history.map((m) => m.run_id))];
  const earlier = ids.slice(0, ids.indexOf(run)).reverse();
  return earlier.find((id) => storesOf(history.filter((m) => m.run_id === id)).join() === stores.join()) ?? null;
}

/** A refusal naming both stores (and a run to compare with instead), or notes to print (a store not recorded, a mix allowed). */
export function checkStores(
  latest: { run: string; rows: Measurement[] },
  baseline: { run: string | null; rows: Measurement[] },
  { allowMixed, history = [] }: { allowMixed: boolean; history?: Measurement[] },
): { problem: string } | { notes: string[] } {
  if (baseline.run === null || baseline.rows.length === 0) return { notes: [] };
  const a = storesOf(latest.rows);
  const b = storesOf(baseline.rows);
  const missing = [...(a.length === 0 ? [latest.run] : []), ...(b.length === 0 ? [baseline.run] : [])];
  if (missing.length > 0)
    return {
      notes: [
        `run ${missing.join(' and run ')} recorded no image store (written before the column existed); compared as if on the same store`,
      ],
    };
  if (a.join() === b.join()) return { notes: [] };
  const detail = `run ${latest.run} was measured on the ${a.join(', ')}, its baseline ${baseline.run} on the ${b.join(', ')}`;
  if (allowMixed) return { notes: [`comparing runs of different image stores (${detail})`] };
  const same = earlierRunOn(history, latest.run, a);
  const pick = same ? `--baseline ${same}, the latest earlier run on that store` : '--baseline <run id>';
  return {
    problem: `trend: ${detail}; sizes from different image stores are not compared. Pick a baseline measured on the same store (${pick}), or pass --allow-mixed`,
  };
}

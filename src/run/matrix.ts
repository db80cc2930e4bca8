/** The variant × parameter matrix: sweeps as a cartesian product (like hyperfine's --parameter-list), and shards. */

/** A shard of the matrix: `index` of `count`, 1-based (`--shard 2/3`). */
export interface Shard {
  index: number;
  count: number;
}

/** One cell of the matrix. */
export interface MatrixCell<V> {
  variant: V;
  params: Record<string, string>;
}

/** All combinations of the swept values, keys in the order given; `{}` alone when nothing is swept. */
export function cartesian(sweeps: Record<string, string[]>): Record<string, string>[] {
  let sets: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(sweeps)) {
    sets = sets.flatMap((set) => values.map((value) => ({ ...set, [key]: value })));
  }
  return sets;
}

/** Variants outer, parameter sets inner, so a variant's sweep points stay together in every report. */
export function matrix<V>(variants: V[], sweeps: Record<string, string[]>): MatrixCell<V>[] {
  const sets = cartesian(sweeps);
  return variants.flatMap((variant) => sets.map((params) => ({ variant, params })));
}

/**
 * The cells of one shard: every `count`-th cell starting at `index - 1`. Deterministic for the same variants and
 * sweeps, disjoint across shards, and together the whole matrix; round-robin spreads big and small images evenly.
 */
export function shardOf<T>(cells: T[], shard: Shard | null): T[] {
  if (!shard) return cells;
  return cells.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Parse `i/n`; returns a one-line problem instead when it is not a valid shard. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count || count > 256)
    return `--shard must be i/n with 1 ≤ i ≤ n ≤ 256, e.g. --shard 1/2, got "${text}"`;
  return { index, count };
}

/** Split a swept value list on commas; `\,` keeps a literal comma. */
export function splitValues(text: string): string[] {
  return text.split(/(?<!\\),/).map((v) => v.replace(/\\,/g, ','));
}

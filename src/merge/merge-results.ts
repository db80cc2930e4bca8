/** Combine the results of several shards (or runs) into one run, refusing mixes of engines or profiles unless told. Pure. */
import type { RunResult } from '../types.js';

/** One input: the folder it came from (for messages) and its results.json. */
export interface MergeInput {
  dir: string;
  result: RunResult;
}

/** Facts that make results comparable; a mix of any of them is refused without `allowMixed`. */
const SAME: [string, (r: RunResult) => string][] = [
  ['profile', (r) => r.profile],
  ['engine version', (r) => r.environment?.engineVersion ?? 'unknown'],
  ['image store', (r) => r.environment?.imageStore ?? 'not recorded'],
  ['architecture', (r) => r.environment?.architecture ?? 'unknown'],
  ['builder', (r) => r.builder],
];

/** How a merge treats inputs that differ. */
export interface MergeOptions {
  /** Merge results of different profiles, engines, image stores, architectures or builders, with a warning. */
  allowMixed: boolean;
}

/**
 * Merge inputs into one RunResult with run id `runId`, and the warnings the merge itself raised (the result's
 * `warnings` also hold each input's own); returns one-line problems instead when they cannot be merged.
 */
export function mergeResults(
  inputs: MergeInput[],
  runId: string,
  { allowMixed }: MergeOptions,
): { result: RunResult; warnings: string[] } | { problems: string[] } {
  const problems: string[] = [];
  if (inputs.length < 1) return { problems: ['merge: give at least one result folder'] };
  const warnings: string[] = [];
  for (const [what, get] of SAME) {
    const seen = [...new Set(inputs.map((i) => get(i.result)))];
    if (seen.length < 2) continue;
    const detail = inputs.map((i) => `${get(i.result)} in ${i.dir}`).join(', ');
    if (allowMixed) warnings.push(`merged results of different ${what}s (${detail}): compare their figures with care`);
    else problems.push(`merge: the results differ in ${what} (${detail}); merge like with like, or pass --allow-mixed`);
  }
  const owner = new Map<string, string>();
  for (const { dir, result } of inputs) {
    for (const v of result.variants) {
      const key = v.params ? `${v.variant} (${v.params})` : v.variant;
      const other = owner.get(key);
      if (other) problems.push(`merge: ${key} is in both ${other} and ${dir}; merge disjoint shards only`);
      owner.set(key, dir);
    }
  }
  warnings.push(...missingShards(inputs));
  if (problems.length) return { problems };

  const results = inputs.map((i) => i.result);
  const first = results[0] as RunResult;
  const shas = [...new Set(results.map((r) => r.gitSha))];
  if (shas.length > 1) warnings.push(`merged results of different commits: ${shas.join(', ')}`);
  const finished = results.map((r) => r.finishedAt).filter((t): t is string => t !== null);
  const variants = results
    .flatMap((r) => r.variants)
    .sort((a, b) => a.order - b.order || a.params.localeCompare(b.params));
  const rank = new Map(variants.map((v, i) => [`${v.variant}\u0000${v.params}`, i]));
  const measurements = results
    .flatMap((r) => r.measurements)
    .map((m) => ({ ...m, run_id: runId }))
    .sort(
      (a, b) => (rank.get(`${a.variant}\u0000${a.params}`) ?? 0) - (rank.get(`${b.variant}\u0000${b.params}`) ?? 0),
    );
  return {
    result: {
      ...first,
      runId,
      startedAt: results.map((r) => r.startedAt).sort()[0] ?? first.startedAt,
      finishedAt: finished.length === results.length ? (finished.sort().at(-1) ?? null) : null,
      gitSha: shas.length === 1 ? (shas[0] ?? null) : null,
      shard: null,
      mergedFrom: results.map((r) => r.runId),
      variants,
      measurements,
      samples: Object.assign({}, ...results.map((r) => r.samples)),
      warnings: [...results.flatMap((r) => r.warnings), ...warnings],
    },
    warnings,
  };
}

/** Shards of n where some of 1..n are absent: a warning, since a nightly may lose one runner and still report. */
function missingShards(inputs: MergeInput[]): string[] {
  const shards = inputs.map((i) => i.result.shard).filter((s): s is string => Boolean(s));
  const counts = [...new Set(shards.map((s) => s.split('/')[1]))];
  return counts.flatMap((n) => {
    const have = new Set(shards.filter((s) => s.endsWith(`/${n}`)).map((s) => s.split('/')[0]));
    const missing = Array.from({ length: Number(n) }, (_, i) => String(i + 1)).filter((i) => !have.has(i));
    return missing.length ? [`shard(s) ${missing.map((i) => `${i}/${n}`).join(', ')} missing from the merge`] : [];
  });
}

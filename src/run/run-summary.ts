/** The closing verdict of a run: which variants failed, which measured with a failed metric group, and the exit code. */
import { groupOf } from '../metrics/catalogue.js';
import { COMPRESSION_KEY, compressionOf, DEFAULT_COMPRESSION, withoutCompression } from '../registry/compression.js';
import type { Measurement, RunResult } from '../types.js';

/** One variant (with its sweep parameters) that did not measure cleanly. */
export interface VariantProblem {
  /** `variant` or `variant (params)`. */
  name: string;
  /** The variant itself failed (build, smoke test): every requested cell is failed. */
  variantFailed: boolean;
  /** Groups with at least one failed cell, in measurement order, each with its first error. */
  groups: { group: string; error: string }[];
}

/** The verdict: a failed cell anywhere makes the run fail, whichever group it is in. */
export interface RunVerdict {
  ok: number;
  /** Variants the profile cannot build: not failures, not ok either. */
  skipped: number;
  total: number;
  problems: VariantProblem[];
  /** Clean-ups that failed and a publish that failed (history, charts or lesson not written), one line each. */
  runFailures: string[];
  exitCode: 0 | 1;
}

function nameOf(variant: string, params: string): string {
  return params ? `${variant} (${params})` : variant;
}

/**
 * Judge a finished (or interrupted) run from its variant records and rows, its failed clean-ups and a failed publish:
 * any of them fails the run, with the results kept.
 */
export function judgeRun(
  result: Pick<RunResult, 'variants' | 'measurements' | 'cleanupFailures'>,
  publishFailure: string | null = null,
): RunVerdict {
  const failedRows = new Map<string, Measurement[]>();
  for (const m of result.measurements) {
    if (m.status !== 'failed') continue;
    // A form's rows (compression=zstd) belong to the variant's record, whose params name no form.
    const key = `${m.variant}|${withoutCompression(m.params)}`;
    failedRows.set(key, [...(failedRows.get(key) ?? []), m]);
  }
  const problems: VariantProblem[] = [];
  for (const v of result.variants) {
    const rows = failedRows.get(`${v.variant}|${v.params}`) ?? [];
    if (v.status !== 'failed' && rows.length === 0) continue;
    const groups: { group: string; error: string }[] = [];
    for (const r of rows) {
      const form = compressionOf(r.params);
      const group =
        form === DEFAULT_COMPRESSION ? groupOf(r.metric) : `${groupOf(r.metric)} (${COMPRESSION_KEY}=${form})`;
      if (!groups.some((g) => g.group === group)) groups.push({ group, error: r.error ?? 'no reason given' });
    }
    problems.push({ name: nameOf(v.variant, v.params), variantFailed: v.status === 'failed', groups });
  }
  const total = result.variants.length;
  const skipped = result.variants.filter((v) => v.status === 'skipped').length;
  const ok = total - problems.length - skipped;
  const runFailures = [...(result.cleanupFailures ?? []), ...(publishFailure ? [publishFailure] : [])];
  return { ok, skipped, total, problems, runFailures, exitCode: problems.length > 0 || runFailures.length > 0 ? 1 : 0 };
}

/** One line per problem, for the progress output. */
export function problemLines(verdict: RunVerdict, variants: RunResult['variants']): string[] {
  const run = verdict.runFailures.map((f) => `FAILED ${f}`);
  return run.concat(
    verdict.problems.map((p) => {
      if (p.variantFailed) {
        const v = variants.find((x) => nameOf(x.variant, x.params) === p.name);
        return `FAILED ${p.name}: ${v?.error ?? p.groups[0]?.error ?? 'no reason given'}`;
      }
      const list = p.groups.map((g) => g.group).join(', ');
      return `FAILED ${p.name}: ${list} failed: ${p.groups.map((g) => g.error).join('; ')}`;
    }),
  );
}

/** The closing line: how many variants measured cleanly, and what failed where. */
export function verdictLine(verdict: RunVerdict): string {
  const partial = verdict.problems
    .filter((p) => !p.variantFailed)
    .map((p) => `${p.name}: ${p.groups.map((g) => g.group).join(', ')}`);
  const failed = verdict.problems.filter((p) => p.variantFailed).map((p) => p.name);
  const parts = [`${verdict.ok} of ${verdict.total} variant(s) ok`];
  if (verdict.skipped) parts.push(`${verdict.skipped} skipped`);
  if (failed.length) parts.push(`failed: ${failed.join(', ')}`);
  if (partial.length) parts.push(`metric groups failed: ${partial.join('; ')}`);
  if (verdict.runFailures.length) parts.push(`${verdict.runFailures.length} clean-up or publish failure(s)`);
  return parts.join('; ');
}

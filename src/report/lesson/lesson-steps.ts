/** The lesson's model: variants in teaching order, each with its measurements and the step before it. */

import { M } from '../../metrics/catalogue.js';
import { type Measurement, type RunResult, type Status, UNORDERED, type VariantRecord } from '../../types.js';
import { pivotByVariant } from '../pivot.js';

/** One step of the walk, as both renderers read it. */
export interface LessonStep {
  /** HTML id and Markdown anchor: `step-<variant>`, plus a params slug for a sweep point. */
  id: string;
  /** Position in the walk, from 1. */
  number: number;
  /** The variant id, with its params when it is a sweep point. */
  name: string;
  /** The variant's record (read through src/results/read-results.ts, so complete even from an older file). */
  report: VariantRecord;
  /** This step's measurements by metric. */
  byMetric: ReadonlyMap<string, Measurement>;
  /** The step before this one, whose Dockerfile the diff compares against; null for the first. */
  previous: LessonStep | null;
  status: Status;
  /** Why the step failed or was skipped; null when it ran. */
  error: string | null;
}

/** The steps in ascending `order`; variants without an order keep their place after those with one. */
export function lessonSteps(result: RunResult): LessonStep[] {
  const rows = pivotByVariant(result).map((row, index) => {
    const report = row.report ?? stubReport(row.variant, row.params, row.cells);
    return { row, report, key: report.order, index };
  });
  rows.sort((a, b) => a.key - b.key || a.index - b.index);
  const used = new Set<string>();
  const steps: LessonStep[] = [];
  for (const { row, report } of rows) {
    const name = row.params ? `${row.variant} (${row.params})` : row.variant;
    const { status, error } = outcome(report, row.cells);
    steps.push({
      id: uniqueId(`step-${slug(row.variant)}${row.params ? `-${slug(row.params)}` : ''}`, used),
      number: steps.length + 1,
      name,
      report,
      byMetric: row.cells,
      previous: steps.at(-1) ?? null,
      status,
      error,
    });
  }
  return steps;
}

/** The step a `pairWith` names: the plain variant when a sweep repeats it. */
export function findStep(steps: readonly LessonStep[], variant: string): LessonStep | null {
  const same = steps.filter((s) => s.report.variant === variant);
  return same.find((s) => s.report.params === '') ?? same[0] ?? null;
}

/** The value of an `ok` cell, or null. */
export function okValue(step: LessonStep, metric: string): number | null {
  const m = step.byMetric.get(metric);
  return m && m.status === 'ok' ? (m.value ?? m.median) : null;
}

/** A variant that only has rows still gets a step, so its failure is shown rather than dropped. */
function stubReport(variant: string, params: string, cells: ReadonlyMap<string, Measurement>): VariantRecord {
  const first = [...cells.values()][0];
  return {
    variant,
    title: variant,
    teaching: '',
    params,
    status: first?.status ?? 'skipped',
    image: first?.image ?? null,
    bases: [],
    dockerfile: '',
    goVersion: null,
    runsAsRoot: null,
    published: [],
    order: UNORDERED,
    pairWith: null,
    layers: null,
    anatomy: null,
    error: first?.error ?? null,
  };
}

function outcome(
  report: VariantRecord,
  cells: ReadonlyMap<string, Measurement>,
): { status: Status; error: string | null } {
  if (report.status !== 'ok') return { status: report.status, error: report.error ?? 'no reason given' };
  const all = [...cells.values()];
  // Without a size the step has no headline: say why rather than show an empty card.
  const size = cells.get(M.imageSize);
  if (size && size.status !== 'ok') return { status: size.status, error: size.error ?? 'no reason given' };
  if (all.length > 0 && all.every((m) => m.status === 'skipped'))
    return { status: 'skipped', error: all.find((m) => m.error)?.error ?? 'no reason given' };
  return { status: 'ok', error: null };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
  used.add(candidate);
  return candidate;
}

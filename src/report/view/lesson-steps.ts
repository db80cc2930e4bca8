/** The lesson's model: variants in teaching order, each with its measurements, its facts and the step before it. */

import type { Measurement, VariantRecord } from '../../types.js';
import type { PivotRow } from './pivot.js';
import { type StepFacts, stepFacts } from './step-facts.js';

/** One step of the walk, as both renderers read it. */
export interface LessonStep {
  /** HTML id and Markdown anchor: `step-<variant>`, plus a params slug for a sweep point. */
  id: string;
  /** Position in the walk, from 1. */
  number: number;
  /** The variant id, with its params when it is a sweep point. */
  name: string;
  /** The variant's record, with its status and the reason (read through src/results/read-results.ts). */
  record: VariantRecord;
  /** This step's measurements by metric. */
  byMetric: ReadonlyMap<string, Measurement>;
  /** The step before this one, whose Dockerfile the diff compares against; null for the first. */
  previous: LessonStep | null;
  /** What the page says about the step, derived once for lesson.md and index.html. */
  facts: StepFacts;
}

/** The steps in ascending `order`; variants without an order keep their place after those with one. */
export function lessonSteps(rows: readonly PivotRow[]): LessonStep[] {
  const ordered = rows.map((row, index) => ({ row, index }));
  ordered.sort((a, b) => a.row.record.order - b.row.record.order || a.index - b.index);
  const used = new Set<string>();
  const steps: LessonStep[] = [];
  for (const { row } of ordered) {
    const previous = steps.at(-1) ?? null;
    const base = {
      id: uniqueId(`step-${slug(row.variant)}${row.params ? `-${slug(row.params)}` : ''}`, used),
      number: steps.length + 1,
      name: row.params ? `${row.variant} (${row.params})` : row.variant,
      record: row.record,
      byMetric: row.cells,
      previous,
    };
    steps.push({ ...base, facts: stepFacts(base, previous) });
  }
  return steps;
}

/** The step a `pairWith` names: the plain variant when a sweep repeats it. */
export function findStep(steps: readonly LessonStep[], variant: string): LessonStep | null {
  const same = steps.filter((s) => s.record.variant === variant);
  return same.find((s) => s.record.params === '') ?? same[0] ?? null;
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

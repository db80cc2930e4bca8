/** The summary table's cells, shared by lesson.md and index.html. */

import { M } from '../../metrics/catalogue.js';
import type { VariantRecord } from '../../types.js';
import { firstLine } from '../format-text.js';
import { headline } from '../format-timed.js';
import { finalBase } from './lesson-format.js';
import type { LessonStep } from './lesson-steps.js';
import { type PublishedFact, publishedFacts, sizeText } from './step-facts.js';

/** One summary row per step, as plain text. */
export interface SummaryRow {
  id: string;
  number: number;
  name: string;
  title: string;
  status: LessonStep['status'];
  /** The final stage's base, with what it stands in for; null when the run does not say. */
  base: VariantRecord['bases'][number] | null;
  size: string;
  /** Published figures with today's change, one per claim. */
  published: PublishedFact[];
  startup: string;
  build: string;
}

/** Rows in walk order; a failed step says so in its size cell. */
export function summaryRows(steps: readonly LessonStep[]): SummaryRow[] {
  return steps.map((step) => {
    const base = finalBase(step.report);
    return {
      id: step.id,
      number: step.number,
      name: step.name,
      title: step.report.title,
      status: step.status,
      base: base ?? fromCells(step),
      size: step.status === 'ok' ? sizeText(step) : step.status,
      published: publishedFacts(step),
      startup: median(step, M.startup),
      build: median(step, M.buildCold),
    };
  });
}

/** A step without a report still has the base its rows name. */
function fromCells(step: LessonStep): VariantRecord['bases'][number] | null {
  const ref = [...step.byMetric.values()].find((m) => m.base)?.base;
  return ref ? { role: 'runtime', ref, standsFor: null } : null;
}

function median(step: LessonStep, metric: string): string {
  const m = step.byMetric.get(metric);
  if (!m) return '—';
  if (m.status !== 'ok') return m.status;
  // Medians only: the table is for the room; the ± and n are in each step.
  return headline(m);
}

/** A published figure in a few words for a table cell: `636MB (+40%, do-tutorial-2019)`. */
export function publishedShort(p: PublishedFact): string {
  const figure = p.sized ? p.figure : firstLine(p.figure, 40);
  return `${figure} (${p.change ? `${p.change}, ` : ''}${p.source})`;
}

/** The summary table's cells, shared by lesson.md and index.html. */

import { M } from '../../metrics/catalogue.js';
import type { BaseImage, Status } from '../../types.js';
import { firstLine } from '../format/format-text.js';
import { headline } from '../format/format-timed.js';
import type { LessonStep } from './lesson-steps.js';
import type { PublishedFact } from './step-facts.js';

/** One summary row per step, as plain text. */
export interface SummaryRow {
  id: string;
  number: number;
  name: string;
  title: string;
  status: Status;
  /** The final stage's base, with what it stands in for; null when the run does not say. */
  base: BaseImage | null;
  size: string;
  /** Published figures with today's change, one per claim. */
  published: PublishedFact[];
  startup: string;
  build: string;
}

/** Rows in walk order; a failed step says so in its size cell. */
export function summaryRows(steps: readonly LessonStep[]): SummaryRow[] {
  return steps.map((step) => {
    return {
      id: step.id,
      number: step.number,
      name: step.name,
      title: step.record.title,
      status: step.record.status,
      base: step.record.finalBase,
      size: step.facts.size,
      published: step.facts.published,
      startup: median(step, M.startup),
      build: median(step, M.buildCold),
    };
  });
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

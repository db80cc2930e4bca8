/** A step's headline numbers: measured size against the published figures, timings, and cells that failed. */
import { defOf, M } from '../../metrics/catalogue.js';
import type { PublishedClaim } from '../../types.js';
import { formatDockerSize } from '../format-size.js';
import { formatTimed } from '../format-timed.js';
import { parseReportedMb } from '../published-figure.js';
import { formatChange } from './lesson-format.js';
import { type LessonStep, okValue } from './lesson-steps.js';

/** One published figure and how today's measurement compares. */
export interface PublishedFact {
  /** The figure as published, e.g. `11.3MB`, `~860MB`, or the note when only a ratio was published. */
  figure: string;
  source: string;
  /** Publication date as given, or `undated`. */
  date: string;
  /** False when only a ratio or a note was published, so `figure` holds the note. */
  sized: boolean;
  /** Measured against published, e.g. `−16%`; null when either side has no number. */
  change: string | null;
}

/** A labelled timing, e.g. start-up `312 ms ± 9.5% (n=5)`. */
export interface TimingFact {
  metric: string;
  label: string;
  value: string;
}

/** Timed metrics a step shows, in this order. */
const STEP_TIMINGS = [M.startup, M.buildCold, M.buildWarm, M.pullEngineCold, M.deploy100mbit] as const;

/** Image size as `docker images` prints it, or the cell's status when it has no value. */
export function sizeText(step: LessonStep): string {
  const bytes = okValue(step, M.imageSize);
  if (bytes !== null) return formatDockerSize(bytes);
  return step.byMetric.get(M.imageSize)?.status ?? (step.record.status === 'ok' ? 'not measured' : step.record.status);
}

/** Each published figure with today's change against it. */
export function publishedFacts(step: LessonStep): PublishedFact[] {
  const bytes = okValue(step, M.imageSize);
  return step.record.published.map((claim) => ({
    figure: claim.reportedSizeMb === null ? claim.notes || 'no size published' : `${claim.reportedSizeMb}MB`,
    sized: claim.reportedSizeMb !== null,
    source: claim.source,
    date: claim.published || 'undated',
    change: changeAgainst(bytes, claim),
  }));
}

/** Timings that were measured, formatted; failed ones say so. */
export function timingFacts(step: LessonStep): TimingFact[] {
  const facts: TimingFact[] = [];
  for (const metric of STEP_TIMINGS) {
    const def = defOf(metric);
    const label = def.timing ?? def.label;
    const m = step.byMetric.get(metric);
    if (!m) continue;
    facts.push({ metric, label, value: m.status === 'ok' ? formatTimed(m) : `${m.status}: ${m.error ?? 'no reason'}` });
  }
  return facts;
}

/**
 * Cells that failed while the step itself ran, so a missing number is explained. Skipped cells are not listed:
 * the timings say why where they matter, and results.md lists every skip.
 */
export function cellProblems(step: LessonStep): string[] {
  if (step.record.status !== 'ok') return [];
  return [...step.byMetric.values()]
    .filter((m) => m.status === 'failed')
    .map((m) => `${m.metric}: ${m.error ?? 'no reason given'}`);
}

function changeAgainst(bytes: number | null, claim: PublishedClaim): string | null {
  // "~860" and ">1000" still carry a number; the printed figure keeps the qualifier.
  const mb = parseReportedMb(claim.reportedSizeMb);
  if (bytes === null || mb === null) return null;
  return formatChange(bytes / (mb * 1e6) - 1);
}

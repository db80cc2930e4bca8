/** A step's headline numbers: measured size against the published figures, timings, and cells that failed. */
import type { PublishedClaim } from '../../types.js';
import { formatDockerSize } from '../format-size.js';
import { formatTimed } from '../format-timed.js';
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
export const STEP_TIMINGS = [
  ['startup', 'start-up (create → first 200)'],
  ['build_cold', 'cold build (no cache)'],
  ['build_warm', 'warm build (one-line source edit)'],
  ['pull_engine_cold', 'pull on a fresh node (loopback registry)'],
  ['deploy_100mbit', 'deploy on a fresh node at 100 Mbit/s (pull → first 200)'],
] as const;

/** Image size as `docker images` prints it, or the cell's status when it has no value. */
export function sizeText(step: LessonStep): string {
  const bytes = okValue(step, 'image_size');
  if (bytes !== null) return formatDockerSize(bytes);
  return step.cells.get('image_size')?.status ?? (step.status === 'ok' ? 'not measured' : step.status);
}

/** Each published figure with today's change against it. */
export function publishedFacts(step: LessonStep): PublishedFact[] {
  const bytes = okValue(step, 'image_size');
  return step.report.published.map((claim) => ({
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
  for (const [metric, label] of STEP_TIMINGS) {
    const m = step.cells.get(metric);
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
  if (step.status !== 'ok') return [];
  return [...step.cells.values()]
    .filter((m) => m.status === 'failed')
    .map((m) => `${m.metric}: ${m.error ?? 'no reason given'}`);
}

function changeAgainst(bytes: number | null, claim: PublishedClaim): string | null {
  if (bytes === null || claim.reportedSizeMb === null) return null;
  // "~860" and ">1000" still carry a number; the printed figure keeps the qualifier.
  const match = /\d+(?:\.\d+)?/.exec(claim.reportedSizeMb);
  const mb = match ? Number(match[0]) : Number.NaN;
  if (!(mb > 0)) return null;
  return formatChange(bytes / (mb * 1e6) - 1);
}

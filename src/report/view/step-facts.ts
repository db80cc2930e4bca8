/**
 * A step's facts, derived once for lesson.md and index.html alike: measured size against the published figures,
 * timings, cells that failed, the attack surface, where the bytes are, and the diff against the step before.
 */
import { defOf, M } from '../../metrics/catalogue.js';
import type { Measurement, PublishedClaim, VariantRecord } from '../../types.js';
import { formatChange } from '../format/format-cell.js';
import { formatDockerSize } from '../format/format-size.js';
import { formatTimed } from '../format/format-timed.js';
import { parseReportedMb } from '../format/published-figure.js';
import { attackSurface, type SurfaceFact } from './attack-surface.js';
import { type DockerfileDiff, dockerfileDiff } from './dockerfile-diff.js';
import { type LayerRow, layerRows } from './layer-rows.js';

/** What a step's facts are read from: its record, its cells by metric, and the step before it. */
export interface StepSource {
  name: string;
  number: number;
  record: VariantRecord;
  byMetric: ReadonlyMap<string, Measurement>;
}

/** Everything the two lesson renderers show about one step. */
export interface StepFacts {
  /** Image size as `docker images` prints it, or why there is none (`failed`, `not measured`). */
  size: string;
  published: PublishedFact[];
  timings: TimingFact[];
  /** Cells that failed while the step itself ran. */
  problems: string[];
  surface: SurfaceFact[];
  /** The layer breakdown, base layers folded; null when not measured. */
  layers: LayerRow[] | null;
  /** Against the step before; null for the first step or where either has no Dockerfile. */
  diff: DockerfileDiff | null;
}

/** The facts of `step`, with `previous` the step its diff compares against. */
export function stepFacts(step: StepSource, previous: StepSource | null): StepFacts {
  const r = step.record;
  return {
    size: r.status === 'ok' ? sizeText(step) : r.status,
    published: publishedFacts(step),
    timings: timingFacts(step),
    problems: cellProblems(step),
    surface: attackSurface(r),
    layers: r.layers ? layerRows(r.layers, r.finalBase?.ref ?? null) : null,
    diff:
      previous?.record.dockerfile && r.dockerfile
        ? dockerfileDiff(previous.name, previous.record.dockerfile, step.name, r.dockerfile)
        : null,
  };
}

/** The value of an `ok` cell, or null. */
export function okValue(step: Pick<StepSource, 'byMetric'>, metric: string): number | null {
  const m = step.byMetric.get(metric);
  return m && m.status === 'ok' ? (m.value ?? m.median) : null;
}

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
function sizeText(step: StepSource): string {
  const bytes = okValue(step, M.imageSize);
  if (bytes !== null) return formatDockerSize(bytes);
  return step.byMetric.get(M.imageSize)?.status ?? (step.record.status === 'ok' ? 'not measured' : step.record.status);
}

/** Each published figure with today's change against it. */
function publishedFacts(step: StepSource): PublishedFact[] {
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
function timingFacts(step: StepSource): TimingFact[] {
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
function cellProblems(step: StepSource): string[] {
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

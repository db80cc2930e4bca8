/** Teaching pairs: two variants that differ in exactly one thing, with the measured difference. */
import type { Measurement } from '../../types.js';
import { type DockerfileDiff, dockerfileDiff } from './dockerfile-diff.js';
import { firstSentence, formatCell, formatChange, formatDifference } from './lesson-format.js';
import { findStep, type LessonStep } from './lesson-steps.js';

/** One metric both sides measured. */
export interface PairRow {
  label: string;
  before: string;
  after: string;
  /** Absolute and relative difference, e.g. `−390MB (−97.6%)`. */
  difference: string;
}

/** A pair: `before` is the partner named by `after.report.pairWith`, or null when the run lacks it. */
export interface TeachingPair {
  before: LessonStep | null;
  /** The variant id `pairWith` names. */
  beforeName: string;
  after: LessonStep;
  /** The one-line why: the first sentence of the changed variant's teaching text. */
  why: string;
  rows: PairRow[];
  /** The partner's Dockerfile against this one: the one thing that differs; null when either is missing. */
  diff: DockerfileDiff | null;
}

/** Metrics a pair compares, in this order; other metrics both sides have follow, except those listed as hidden. */
const PAIR_METRICS: readonly [string, string][] = [
  ['image_size', 'image size'],
  ['image_size_compressed', 'compressed (what a pull downloads)'],
  ['layers', 'layers'],
  ['own_bytes', "this Dockerfile's own bytes"],
  ['binary_bytes', 'binary'],
  ['context_bytes', 'build context'],
  ['build_cold', 'cold build'],
  ['build_warm', 'warm build'],
  ['build_warm_cache_hits', 'warm build cache hits'],
  ['pull_engine_cold', 'pull on a fresh node'],
  ['deploy_100mbit', 'deploy at 100 Mbit/s'],
  ['startup', 'start-up'],
];
// Breakdowns and link-speed variants of the rows above: a projector table needs the headline only.
const HIDDEN = new Set([
  'smoke',
  'startup_create',
  'startup_start',
  'startup_ready',
  'registry_fetch',
  'pull_engine_100mbit',
  'pull_engine_1gbit',
  ...['100mbit', '1gbit'].flatMap((l) => ['pull', 'create', 'start', 'ready'].map((p) => `deploy_${l}_${p}`)),
  'deploy_1gbit',
]);

/** Every step with a `pairWith`, in walk order, compared with its partner. */
export function teachingPairs(steps: readonly LessonStep[]): TeachingPair[] {
  return steps
    .filter((s) => s.report.pairWith !== null)
    .map((after) => {
      const beforeName = after.report.pairWith ?? '';
      const before = findStep(steps, beforeName);
      return {
        before,
        beforeName,
        after,
        why: firstSentence(after.report.teaching),
        rows: before ? pairRows(before, after) : [],
        diff:
          before?.report.dockerfile && after.report.dockerfile
            ? dockerfileDiff(before.name, before.report.dockerfile, after.name, after.report.dockerfile)
            : null,
      };
    });
}

function pairRows(before: LessonStep, after: LessonStep): PairRow[] {
  const known = new Map(PAIR_METRICS);
  const extra = [...after.cells.keys()].filter((m) => !known.has(m) && !HIDDEN.has(m));
  const rows: PairRow[] = [];
  for (const metric of [...known.keys(), ...extra]) {
    const a = before.cells.get(metric);
    const b = after.cells.get(metric);
    if (!a || !b || a.unit !== b.unit || a.unit === 'pass') continue;
    rows.push({
      label: known.get(metric) ?? metric,
      before: formatCell(a),
      after: formatCell(b),
      difference: difference(a, b),
    });
  }
  return rows;
}

function difference(a: Measurement, b: Measurement): string {
  const x = a.status === 'ok' ? (a.value ?? a.median) : null;
  const y = b.status === 'ok' ? (b.value ?? b.median) : null;
  if (x === null || y === null) return '—';
  const absolute = formatDifference(x, y, a.unit);
  return x === 0 || a.unit === 'ratio' ? absolute : `${absolute} (${formatChange(y / x - 1)})`;
}

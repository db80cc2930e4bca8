/** Teaching pairs: two variants that differ in exactly one thing, with the measured difference. */
import { M, metricDef } from '../../metrics/catalogue.js';
import type { Measurement } from '../../types.js';
import { firstSentence, formatCell, formatChange, formatDifference } from '../format/format-cell.js';
import { type DockerfileDiff, dockerfileDiff } from './dockerfile-diff.js';
import { findStep, type LessonStep } from './lesson-steps.js';

/** One metric both sides measured. */
export interface PairRow {
  label: string;
  before: string;
  after: string;
  /** Absolute and relative difference, e.g. `−390MB (−97.6%)`. */
  difference: string;
}

/** A pair: `before` is the partner named by `after.record.pairWith`, or null when the run lacks it. */
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
  /**
   * When both builds gave the same image, file for file, the sentence that says so and where the change shows
   * instead (the build context, the build time); null when the images differ or a side was not built.
   */
  sameImage: string | null;
}

/**
 * Metrics a pair compares, in this order; other metrics both sides have follow, except the catalogue's breakdowns
 * (parts and link-speed variants of the rows here): a projector table needs the headline only.
 */
const PAIR_METRICS: readonly string[] = [
  M.imageSize,
  M.imageSizeCompressed,
  M.layers,
  M.ownBytes,
  M.binaryBytes,
  M.contextBytes,
  M.buildCold,
  M.buildWarm,
  M.buildWarmCacheHits,
  M.pullEngineCold,
  M.deploy100mbit,
  M.startup,
];

/** Every step with a `pairWith`, in walk order, compared with its partner. */
export function teachingPairs(steps: readonly LessonStep[]): TeachingPair[] {
  return steps
    .filter((s) => s.record.pairWith !== null)
    .map((after) => {
      const beforeName = after.record.pairWith ?? '';
      const before = findStep(steps, beforeName);
      return {
        before,
        beforeName,
        after,
        why: firstSentence(after.record.teaching),
        rows: before ? pairRows(before, after) : [],
        sameImage: before ? sameImageSentence(before, after) : null,
        diff:
          before?.record.dockerfile && after.record.dockerfile
            ? dockerfileDiff(before.name, before.record.dockerfile, after.name, after.record.dockerfile)
            : null,
      };
    });
}

function pairRows(before: LessonStep, after: LessonStep): PairRow[] {
  const extra = [...after.byMetric.keys()].filter((m) => !PAIR_METRICS.includes(m) && !metricDef(m)?.breakdown);
  const rows: PairRow[] = [];
  for (const metric of [...PAIR_METRICS, ...extra]) {
    const a = before.byMetric.get(metric);
    const b = after.byMetric.get(metric);
    if (!a || !b || a.unit !== b.unit || a.unit === 'pass') continue;
    rows.push({
      label: metricDef(metric)?.label ?? metric,
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

/** Same content key, or one names the other (or both the same third) as the image it is, file for file. */
function isSameImage(a: LessonStep, b: LessonStep): boolean {
  const [x, y] = [a.record.identity, b.record.identity];
  if (!x || !y) return false;
  if (x.contentKey && y.contentKey) return x.contentKey === y.contentKey;
  return (
    x.sameImageAs === b.name || y.sameImageAs === a.name || (x.sameImageAs !== null && x.sameImageAs === y.sameImageAs)
  );
}

/**
 * What the pair's change alters when the image stays the same. Without identities (a run recorded before them), two
 * images of exactly the same byte count and layer count are said to be the same size, not the same image.
 */
function sameImageSentence(before: LessonStep, after: LessonStep): string | null {
  const same = isSameImage(before, after);
  const known = before.record.identity !== null && after.record.identity !== null;
  const [size, layers] = [M.imageSize, M.layers].map((metric) => {
    const [a, b] = [before, after].map((s) => s.byMetric.get(metric));
    return a?.status === 'ok' && b?.status === 'ok' && a.value !== null && a.value === b.value;
  });
  if (!same && (known || !size || !layers)) return null;
  const context = [before, after].map((s) => s.byMetric.get(M.contextBytes)).filter((m) => m?.status === 'ok');
  const contextMoved = context.length === 2 && context[0]?.value !== context[1]?.value;
  const where = contextMoved ? 'the build context and the build time' : 'the build (its time and its cache use)';
  const what = same ? 'the same image as' : 'an image of exactly the same size and layers as';
  const how = same ? ', file for file' : '';
  return `${after.name} builds ${what} ${before.name}${how}: the change shows in ${where}, not in the image.`;
}

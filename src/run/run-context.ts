/** Facts shared by every row of one run. */

import type { CleanupNote } from '../errors.js';
import type { Scanner } from '../measure/vulnerability-scan.js';
import { metricDef } from '../metrics/catalogue.js';
import type { RowStats } from '../stats/row-stats.js';
import type { Builder, Measurement, Status } from '../types.js';
import type { TimedOutput } from './timed-phase.js';

export interface RunContext {
  runId: string;
  gitSha: string | null;
  profile: string;
  builder: Builder;
  engineVersion: string;
  /** The engine's image store (`overlay2 graph driver`, `containerd snapshotter overlayfs`), on every row. */
  imageStore: string;
  /** ms epoch the run started; build-cache records created since are the run's own. */
  startedAtMs: number;
  signal: AbortSignal;
  /** Where every clean-up failure of the run is told: printed at once, and it fails the run at its end. */
  note: CleanupNote;
  /** SOURCE_DATE_EPOCH of every build, s: the time of the sample app's last commit, so builds of it can match. */
  sourceDateEpoch?: number;
  /** The vulnerability scanner the anatomy runs on each image; null or absent when there is none (the plan said so). */
  scanner?: Scanner | null;
  /**
   * Set by the run while a timed phase runs: the phase calls it with its output after each series it finishes, and
   * what it holds is kept and published at once, so a stop mid-phase loses only the series under way.
   */
  checkpoint?: (partial: TimedOutput) => Promise<void>;
}

/** Where a row belongs: which variant, with which sweep parameters, as which image. */
export interface RowTarget {
  variant: string;
  params: string;
  image: string | null;
  base: string | null;
}

/** A measured row: an exact `value`, or a timed cell's statistics; `note` says how it was obtained where that varies. */
export function okRow(
  ctx: RunContext,
  target: RowTarget,
  metric: string,
  stats: RowStats,
  note: string | null = null,
): Measurement {
  return row(ctx, target, metric, 'ok', stats, null, note);
}

/** A row for a metric that could not be measured, saying why; `value` keeps what was seen (the failed smoke test's 0). */
export function failedRow(
  ctx: RunContext,
  target: RowTarget,
  metric: string,
  error: string,
  value: number | null = null,
): Measurement {
  return row(ctx, target, metric, 'failed', { value }, error);
}

/** A row for a metric deliberately not measured (the profile lacks a base, the node is unavailable), saying why. */
export function skippedRow(ctx: RunContext, target: RowTarget, metric: string, why: string): Measurement {
  return row(ctx, target, metric, 'skipped', { value: null }, why);
}

function unitOf(metric: string): string {
  const def = metricDef(metric);
  if (!def) throw new Error(`row: metric "${metric}" is not in the metric catalogue (src/metrics/catalogue.ts)`);
  return def.unit;
}

function row(
  ctx: RunContext,
  target: RowTarget,
  metric: string,
  status: Status,
  stats: RowStats,
  error: string | null = null,
  note: string | null = null,
): Measurement {
  return {
    run_id: ctx.runId,
    timestamp: new Date().toISOString(),
    git_sha: ctx.gitSha,
    profile: ctx.profile,
    builder: ctx.builder,
    engine_version: ctx.engineVersion,
    image_store: ctx.imageStore,
    variant: target.variant,
    params: target.params,
    metric,
    unit: unitOf(metric),
    status,
    value: stats.value,
    mean: stats.mean ?? null,
    median: stats.median ?? null,
    min: stats.min ?? null,
    max: stats.max ?? null,
    sd: stats.sd ?? null,
    rme: stats.rme ?? null,
    samples: stats.samples !== undefined ? stats.samples : stats.value === null ? null : 1,
    image: target.image,
    base: target.base,
    error,
    note,
    ci_low: stats.ci_low ?? null,
    ci_high: stats.ci_high ?? null,
    other_cpu: null,
  };
}

/** `k=v;k=v` in key order, '' for none: the params column. */
export function paramsKey(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(';');
}

/** The timed metrics, measured across all variants at once so their samples interleave. */

import { createHash } from 'node:crypto';
import { ReleaseStack } from '../disposable.js';
import type { Engine } from '../engine/engine.js';
import { coldBuild, warmBuild } from '../measure/build-timing.js';
import { startupProbe } from '../measure/startup.js';
import { M } from '../metrics/catalogue.js';
import { formatMs } from '../report/format/format-duration.js';
import { SAMPLES_FOR_95 } from '../stats/median-ci.js';
import { outlierIndexes } from '../stats/outliers.js';
import { fixedRule, type SampleHooks, type SampleTask, sampleTasks, type TaskOutcome } from '../stats/sampler.js';
import { ruleFor } from '../stats/sampling-options.js';
import { stopNote } from '../stats/stopping-rule.js';
import { summarize } from '../stats/summarize.js';
import { type CompressedForm, type ImageIdentity, type Measurement, samplesKey } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { buildSettings } from './build-settings.js';
import type { RunOptions } from './options.js';
import { type Progress, span } from './progress.js';
import { failedRow, okRow, type RowTarget, type RunContext } from './run-context.js';

/** A timed phase: measures one metric group across all built variants at once. */
export type TimedPhase = (
  engine: Engine,
  items: BuiltVariant[],
  ctx: RunContext,
  opts: RunOptions,
  progress: Progress,
) => Promise<TimedOutput>;

/** A variant that built and served, ready for timing. */
export interface BuiltVariant {
  rv: RenderedVariant;
  target: RowTarget & { image: string };
  /** Its record's identity: the cold rebuilds say there whether they gave the same layer digests. */
  identity?: ImageIdentity | null;
  /**
   * The measured build's time, ms, when it was built with no cache: it is the first cold-build sample, so a default run
   * (one build sample) builds each variant once cold, not twice.
   */
  coldBuildMs?: number | null;
}

/** What a timed phase adds to the run. */
export interface TimedOutput {
  rows: Measurement[];
  samples: Record<string, number[]>;
  warnings: string[];
  /** The pull phase: each variant's forms in the registry, by `variant|params` of its record. */
  forms?: Record<string, CompressedForm[]>;
  /** The pull phase: what the node engine was, for the environment. */
  nodeLabel?: string;
}

/** Pause before each start-up sample, ms. */
const SETTLE_MS = 500;

/**
 * The one name of a timed cell, `variant|params|metric`: tinybench task, raw-sample key, temporary tag and every
 * per-cell map are derived from it, so two points of a parameter sweep never share one.
 */
export function cellKey(target: Pick<RowTarget, 'variant' | 'params'>, metric: string): string {
  return samplesKey({ variant: target.variant, params: target.params, metric });
}

/**
 * What a phase tells as it samples: the live line's count of samples against those `expected` (and so the time left),
 * and one line per cell as it stops, with its count, median and the time it took.
 */
export function sampleMeter(progress: Progress, expected: number): SampleHooks {
  let done = 0;
  return {
    onSample: () => progress.tick?.(++done, expected),
    onStop: (o, spentMs) => {
      const name = o.key.split('|').filter(Boolean).join(' ');
      const how = o.ok ? `median ${formatMs(o.stats.value ?? 0)}` : `FAILED ${o.error.slice(0, 160)}`;
      progress.note(`  ${name}: ${o.samples.length} sample(s), ${how} (${span(spentMs)})`);
    },
  };
}

/** Samples a phase expects: exactly n per cell under a fixed rule, else about what the first 95% interval needs. */
export function expectedSamples(rule: { minRuns: number; maxRuns: number; fixed?: boolean }, cells: number): number {
  if (rule.fixed || rule.minRuns === rule.maxRuns) return rule.maxRuns * cells;
  return Math.min(rule.maxRuns, Math.max(rule.minRuns, SAMPLES_FOR_95 + 3)) * cells;
}

/** A temporary tag for one cell's timed builds: readable, and unique per cell through a hash of its key. */
function tempTag(t: BuiltVariant, ctx: RunContext, metric: string): string {
  const key = cellKey(t.target, metric);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  // A tag allows 128 characters of [A-Za-z0-9_.-]; the hash keeps a shortened or rewritten key unique.
  const readable = `${t.target.params}-${metric}`.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+/, '');
  const tag = `${ctx.runId.toLowerCase()}-${readable}`.slice(0, 128 - hash.length - 1);
  return `imagediet-tmp/${t.target.variant}:${tag}-${hash}`;
}

/** Rows (and raw samples, warnings) for one timed metric from the sampler's outcomes; `notes[i]` says how item i was measured. */
export function collectTimed(
  ctx: RunContext,
  items: BuiltVariant[],
  outcomes: TaskOutcome[],
  metric: string,
  out: TimedOutput,
  notes: (string | null)[] = [],
): void {
  items.forEach((t, i) => {
    const o = outcomes[i];
    if (!o) return;
    const key = cellKey(t.target, metric);
    if (o.key !== key) throw new Error(`collectTimed: outcome ${o.key} does not belong to ${key}`);
    out.samples[key] = o.samples;
    if (!o.ok) {
      out.rows.push(failedRow(ctx, t.target, metric, `${metric}: ${o.error}`));
      return;
    }
    out.rows.push(okRow(ctx, t.target, metric, o.stats, notes[i] ?? null));
    const warning = outlierWarning(t.target, metric, o.samples);
    if (warning) out.warnings.push(warning);
  });
}

/**
 * The warning for a cell whose samples hold outliers, with the remedy; null when they hold none. It names the
 * possible causes without picking one: in a quiet run (nothing else on the machine) start-up cells still showed
 * outliers, from the engine's own work between samples.
 */
export function outlierWarning(
  target: Pick<RowTarget, 'variant' | 'params'>,
  metric: string,
  samples: readonly number[],
): string | null {
  const outliers = outlierIndexes(samples).length;
  if (outliers === 0) return null;
  return `${metric} ${seriesLabel(target)}: ${outliers} of ${samples.length} samples are outliers (modified Z > 3.5); interference made them, from other programs (see the load the run recorded) or the engine's own background work; the median is robust to them, but re-run on a quieter machine or raise --runs`;
}

/** build_cold and build_warm (with the BuildKit cache-hit share) for every built variant. */
export const timeBuilds: TimedPhase = async (engine, items, ctx, opts, progress) => {
  const out: TimedOutput = { rows: [], samples: {}, warnings: [] };
  const n = opts.runs.build;
  const settings = buildSettings(ctx, opts);
  const rebuild = (t: BuiltVariant, what: string) => ({ ...settings, tag: tempTag(t, ctx, what) });
  const rule = fixedRule(n);
  // A variant's measured build was built with no cache: it is its first cold sample, and only the rest are rebuilt.
  const more = (t: BuiltVariant) => (typeof t.coldBuildMs === 'number' ? n - 1 : n);
  const rebuilt = items.filter((t) => more(t) > 0);
  const coldOutcomes = new Map<BuiltVariant, TaskOutcome>();
  if (rebuilt.length > 0) {
    progress.start(`build_cold: ${rebuilt.length} variant(s) rebuilt with no cache, interleaved`);
    const cold: SampleTask[] = rebuilt.map((t) => ({
      key: cellKey(t.target, M.buildCold),
      // The build's own time: the engine's build-cache snapshots around it are bookkeeping.
      sample: async () => (await coldBuild(engine, t.rv, rebuild(t, M.buildCold))).ms,
      after: async () => {
        await compareRebuild(engine, t, tempTag(t, ctx, M.buildCold), ctx.signal);
        await engine.removeImage(tempTag(t, ctx, M.buildCold), { force: true });
      },
    }));
    const extra = Math.max(...rebuilt.map(more));
    const outcomes = await sampleTasks(
      cold,
      fixedRule(extra),
      ctx.signal,
      sampleMeter(progress, extra * rebuilt.length),
    );
    for (const [i, t] of rebuilt.entries()) coldOutcomes.set(t, outcomes[i] as TaskOutcome);
    progress.done('done');
  }
  const first = (t: BuiltVariant) => (typeof t.coldBuildMs === 'number' ? [t.coldBuildMs] : []);
  collectTimed(
    ctx,
    items,
    await Promise.all(
      items.map(async (t): Promise<TaskOutcome> => {
        const key = cellKey(t.target, M.buildCold);
        const o = coldOutcomes.get(t);
        if (o && !o.ok) return o;
        const samples = [...first(t), ...(o?.samples ?? [])];
        return { key, ok: true, stats: await summarize(samples), samples, stop: null };
      }),
    ),
    M.buildCold,
    out,
    items.map((t) => (first(t).length ? 'the first sample is the variant’s measured build, made with no cache' : null)),
  );

  progress.start(`build_warm × ${n} (${items.length} variants, interleaved)`);
  const shares = new Map<string, number[]>();
  let nonce = 0;
  const warm: SampleTask[] = items.map((t) => {
    const key = cellKey(t.target, M.buildWarm);
    return {
      key,
      sample: async () => {
        const r = await warmBuild(engine, t.rv, rebuild(t, M.buildWarm), `${ctx.runId}-${nonce++}`);
        if (r.totalSteps) shares.set(key, [...(shares.get(key) ?? []), (r.cachedSteps ?? 0) / r.totalSteps]);
        // The build's own time, without the engine's build-cache snapshots around it.
        return r.ms;
      },
      after: () => engine.removeImage(tempTag(t, ctx, M.buildWarm), { force: true }),
    };
  });
  collectTimed(
    ctx,
    items,
    await sampleTasks(warm, rule, ctx.signal, sampleMeter(progress, n * items.length)),
    M.buildWarm,
    out,
  );
  // The classic builder counts no cached steps: the plan announced that metric as skipped, and its rows say so.
  for (const t of opts.builder === 'classic' ? [] : items) {
    const s = shares.get(cellKey(t.target, M.buildWarm));
    if (!s?.length) {
      out.rows.push(failedRow(ctx, t.target, M.buildWarmCacheHits, 'the warm build reported no step counts'));
      continue;
    }
    out.rows.push(okRow(ctx, t.target, M.buildWarmCacheHits, await summarize(s)));
  }
  progress.done('done');
  return out;
};

/** startup (create → first 200) with its create / start / ready breakdown. */
export const timeStartup: TimedPhase = async (engine, items, ctx, opts, progress) => {
  const out: TimedOutput = { rows: [], samples: {}, warnings: [] };
  const rule = ruleFor(opts, 'startup');
  const n = rule.maxRuns;
  const how = rule.fixed ? `× ${n}` : `until ±${rule.target * 100}% (${rule.minRuns}–${n} runs)`;
  progress.start(`startup ${how} (${items.length} variants, interleaved)`);
  const parts = new Map<string, { create: number[]; start: number[]; ready: number[] }>();
  // Each sample's container is removed after it; a container whose removal failed is tried again when the phase ends.
  await using probes = new ReleaseStack(ctx.note);
  const tasks: SampleTask[] = items.map((t) => {
    const probe = probes.use(
      startupProbe(engine, {
        image: t.target.image,
        port: t.rv.variant.port,
        runId: ctx.runId,
        timeoutMs: opts.smokeTimeoutMs,
        signal: ctx.signal,
        note: ctx.note,
      }),
    );
    const p = { create: [] as number[], start: [] as number[], ready: [] as number[] };
    const key = cellKey(t.target, M.startup);
    parts.set(key, p);
    return {
      key,
      sample: async () => {
        const s = await probe.sample();
        p.create.push(s.create);
        p.start.push(s.start);
        p.ready.push(s.ready);
        // The sample is exactly create → first 200, without the bookkeeping above.
        return s.total;
      },
      // Untimed settle: the engine tears the previous container's network down in the background, and a start that
      // overlaps that teardown is slower for reasons that have nothing to do with the image.
      reset: () => new Promise((r) => setTimeout(r, SETTLE_MS)),
      after: () => probe.remove(),
    };
  });
  const outcomes = await sampleTasks(
    tasks,
    rule,
    ctx.signal,
    sampleMeter(progress, expectedSamples(rule, tasks.length)),
  );
  const notes = outcomes.map((o) => (rule.fixed || !o.stop ? null : stopNote(o.stop, rule)));
  collectTimed(ctx, items, outcomes, M.startup, out, notes);
  for (const t of items) {
    const key = cellKey(t.target, M.startup);
    const p = parts.get(key);
    const failed = outcomes.find((o) => o.key === key)?.ok !== true;
    for (const part of ['create', 'start', 'ready'] as const) {
      const metric = `startup_${part}`;
      const samples = p?.[part] ?? [];
      if (failed || samples.length === 0) {
        out.rows.push(failedRow(ctx, t.target, metric, 'startup failed'));
        continue;
      }
      out.samples[cellKey(t.target, metric)] = samples;
      out.rows.push(okRow(ctx, t.target, metric, await summarize(samples)));
      // A slow create or start hides inside a total that looks ordinary: the parts get their own check.
      const warning = outlierWarning(t.target, metric, samples);
      if (warning) out.warnings.push(warning);
    }
  }
  progress.done('done');
  return out;
};

/**
 * A rebuild from nothing is a second build of the same variant: record on its identity whether it gave the same layer
 * digests as the kept image (every rebuild must, for the answer to be yes).
 */
async function compareRebuild(engine: Engine, t: BuiltVariant, rebuilt: string, signal: AbortSignal): Promise<void> {
  const identity = t.identity;
  if (!identity) return;
  const info = await engine.inspectImage(rebuilt, signal);
  if (!info) return;
  const same =
    info.layers.length === identity.layerDigests.length && info.layers.every((d, i) => d === identity.layerDigests[i]);
  identity.rebuildSameLayerDigests = (identity.rebuildSameLayerDigests ?? true) && same;
}

/** `scratch` or `scratch (goVersion=1.22)`: a cell as warnings name it. */
function seriesLabel(target: Pick<RowTarget, 'variant' | 'params'>): string {
  return target.params ? `${target.variant} (${target.params})` : target.variant;
}

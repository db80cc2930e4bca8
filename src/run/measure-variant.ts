/** One variant, start to finish: build, smoke test, size. Failures become rows; only an engine loss propagates. */

import type { Engine } from '../engine/engine.js';
import { isEngineGone, oneLine } from '../errors.js';
import { buildVariant, finalTag } from '../measure/build-variant.js';
import { goVersionOf } from '../measure/go-version.js';
import { measureSize } from '../measure/size.js';
import { smokeTest } from '../measure/smoke.js';
import type { Measurement, MetricGroup, VariantReport } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { ANATOMY_METRICS, measureAnatomy } from './anatomy-step.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import { makeRow, paramsKey, type RowTarget, type RunContext } from './run-context.js';
import type { Timable } from './timed-phase.js';

/** Metrics each group produces, with units; a failed step marks all of them failed. */
export const GROUP_METRICS: Record<MetricGroup, [string, string][]> = {
  size: [
    ['image_size', 'bytes'],
    ['engine_reported_size', 'bytes'],
    ['layers', 'count'],
    ['own_bytes', 'bytes'],
    ['binary_bytes', 'bytes'],
  ],
  anatomy: ANATOMY_METRICS,
  build: [
    ['build_cold', 'ms'],
    ['build_warm', 'ms'],
    ['build_warm_cache_hits', 'ratio'],
  ],
  pull: [
    ['image_size_compressed', 'bytes'],
    ['registry_fetch', 'ms'],
    ['pull_engine_cold', 'ms'],
    ['pull_engine_100mbit', 'ms'],
    ['pull_engine_1gbit', 'ms'],
  ],
  startup: [
    ['startup', 'ms'],
    ['startup_create', 'ms'],
    ['startup_start', 'ms'],
    ['startup_ready', 'ms'],
  ],
  deploy: [
    ['image_size_compressed', 'bytes'],
    ...(['100mbit', '1gbit'] as const).flatMap((link): [string, string][] =>
      ['', '_pull', '_create', '_start', '_ready'].map((part) => [`deploy_${link}${part}`, 'ms']),
    ),
  ],
};

async function engineAnswers(engine: Engine): Promise<boolean> {
  return engine.describe('buildkit', AbortSignal.timeout(5_000)).then(
    () => true,
    () => false,
  );
}

export interface VariantOutcome {
  rows: Measurement[];
  report: VariantReport;
  /** Set when the image built and served: the timed phase measures it. */
  timable: Timable | null;
}

/** Measure one rendered variant; `onRows` is called as rows appear so the caller can rewrite reports at once. */
export async function measureVariant(
  engine: Engine,
  rv: RenderedVariant,
  ctx: RunContext,
  opts: RunOptions,
  progress: Progress,
): Promise<VariantOutcome> {
  const params = paramsKey(rv.params);
  const tag = finalTag(rv.variant.id, rv.profile.id, params);
  const target: RowTarget = { variant: rv.variant.id, params, image: tag, base: rv.finalBase };
  const report: VariantReport = {
    variant: rv.variant.id,
    title: rv.variant.title,
    teaching: rv.variant.teaching,
    params,
    status: 'ok',
    image: tag,
    bases: rv.roles.map((role) => ({
      role: rv.profile.images[role].ref === rv.finalBase ? 'runtime' : role,
      ref: rv.profile.images[role].ref,
      standsFor: rv.profile.images[role].standsFor,
    })),
    dockerfile: rv.dockerfile,
    goVersion: null,
    runsAsRoot: null,
    published: rv.variant.claims,
    order: rv.variant.order,
    pairWith: rv.variant.pairWith ?? null,
    layers: null,
    anatomy: null,
    error: null,
  };
  if (rv.finalBase === 'scratch') report.bases.push({ role: 'runtime', ref: 'scratch', standsFor: null });
  const rows: Measurement[] = [];
  const wanted: [string, string][] = [['smoke', 'pass'], ...opts.metrics.flatMap((g) => GROUP_METRICS[g])];
  const failAll = (error: string) => {
    report.status = 'failed';
    report.error ??= error;
    for (const [metric, unit] of wanted) {
      if (!rows.some((r) => r.metric === metric))
        rows.push(makeRow(ctx, target, metric, unit, 'failed', { value: null }, error));
    }
  };
  if (rv.skipped) {
    // The profile cannot provide what the templates name (Profile.unavailable): a fact about the profile, not a failure.
    Object.assign(report, { status: 'skipped', image: null, bases: [], error: rv.skipped });
    progress.note(`${rv.variant.id}: skipped (${rv.skipped})`);
    const none = { ...target, image: null, base: null };
    for (const [m, unit] of wanted) rows.push(makeRow(ctx, none, m, unit, 'skipped', { value: null }, rv.skipped));
    return { rows, report, timable: null };
  }
  try {
    progress.start(`${rv.variant.id}: build`);
    const built = await buildVariant(engine, rv, {
      appDir: opts.appDir,
      runId: ctx.runId,
      builder: ctx.builder,
      tag,
      paramsKey: params,
      timeoutMs: opts.buildTimeoutMs,
      signal: ctx.signal,
    });
    // Build checks (newer BuildKit) flag Dockerfile practice, not failures: shown, not counted against the variant.
    const checks = built.warnings?.length ? `; build checks: ${built.warnings.join('; ')}` : '';
    progress.done(`built ${built.imageId.slice(7, 19)}${checks}`);

    progress.start(`${rv.variant.id}: smoke test`);
    const smoke = await smokeTest(engine, {
      image: tag,
      port: rv.variant.port,
      binaryPath: rv.variant.binaryPath,
      runId: ctx.runId,
      timeoutMs: opts.smokeTimeoutMs,
      signal: ctx.signal,
    });
    progress.done(smoke.ok ? 'answered 200 "Hello World!"' : `FAILED ${smoke.error}`);
    report.goVersion = smoke.binary ? goVersionOf(smoke.binary) : null;
    rows.push(
      makeRow(ctx, target, 'smoke', 'pass', smoke.ok ? 'ok' : 'failed', { value: smoke.ok ? 1 : 0 }, smoke.error),
    );

    if (opts.metrics.includes('size')) {
      progress.start(`${rv.variant.id}: size`);
      const size = await measureSize(engine, tag, rv.finalBase, ctx.signal);
      report.runsAsRoot = size.runsAsRoot;
      const exact = (metric: string, unit: string, value: number, note: string | null = null) =>
        rows.push(makeRow(ctx, target, metric, unit, 'ok', { value }, null, note));
      exact('image_size', 'bytes', size.imageSize.bytes, size.imageSize.note);
      exact('engine_reported_size', 'bytes', size.imageSize.engineReported, size.imageSize.engineNote);
      exact('layers', 'count', size.layers);
      exact('own_bytes', 'bytes', size.ownBytes);
      exact('context_bytes', 'bytes', built.contextBytes);
      if (built.buildImage) exact('build_image_size', 'bytes', built.buildImage.size);
      if (smoke.binary) exact('binary_bytes', 'bytes', smoke.binary.length);
      else
        rows.push(
          makeRow(
            ctx,
            target,
            'binary_bytes',
            'bytes',
            'failed',
            { value: null },
            `no file at ${rv.variant.binaryPath}`,
          ),
        );
      progress.done(`${size.imageSize.bytes} bytes, ${size.layers} layers`);
    }
    if (opts.metrics.includes('anatomy')) {
      progress.start(`${rv.variant.id}: anatomy (export and read every layer)`);
      try {
        const a = await measureAnatomy(engine, tag, rv.finalBase, ctx.signal);
        report.anatomy = a.anatomy;
        report.layers = a.layers;
        for (const [metric, unit] of ANATOMY_METRICS)
          rows.push(makeRow(ctx, target, metric, unit, 'ok', { value: a.values[metric] ?? null }));
        progress.done(
          `${a.anatomy.wastedBytes} bytes wasted, efficiency ${(a.anatomy.efficiency * 100).toFixed(2)}%, ${a.anatomy.executables} executables`,
        );
      } catch (err) {
        // The image built and served: a layer-reading problem costs the anatomy cells, not the variant.
        if (ctx.signal.aborted || isEngineGone(err)) throw err;
        progress.done(`FAILED ${oneLine(err).slice(0, 200)}`);
        for (const [metric, unit] of ANATOMY_METRICS)
          rows.push(makeRow(ctx, target, metric, unit, 'failed', { value: null }, `anatomy: ${oneLine(err)}`));
      }
    }
    if (!smoke.ok) failAll(smoke.error ?? 'smoke test failed');
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    // A transport error may be one dropped connection or the engine gone: only a failed ping stops the run.
    if (isEngineGone(err) && !(await engineAnswers(engine))) throw err;
    progress.done(`FAILED ${oneLine(err).slice(0, 300)}`);
    failAll(oneLine(err));
  }
  const timable = report.status === 'ok' ? { rv, target: { ...target, image: tag } } : null;
  return { rows, report, timable };
}

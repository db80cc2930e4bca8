/** One variant, start to finish: build, smoke test, size. Failures become rows; only an engine loss propagates. */

import type { Engine } from '../engine/engine.js';
import { isEngineGone, oneLine } from '../errors.js';
import { buildVariant, finalTag } from '../measure/build-variant.js';
import { goVersionOf } from '../measure/go-version.js';
import { runsAsRoot } from '../measure/image-user.js';
import { measureSize } from '../measure/size.js';
import { smokeTest } from '../measure/smoke.js';
import { defOf, M, type MetricDef, metricsOf } from '../metrics/catalogue.js';
import type { BaseImage, Measurement, VariantRecord } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { measureAnatomy, scanVulnerabilities } from './anatomy-step.js';
import { buildSettings } from './build-settings.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import { failedRow, okRow, paramsKey, type RowTarget, type RunContext, skippedRow } from './run-context.js';
import type { BuiltVariant } from './timed-phase.js';

/** The image the final stage runs on, with what it stands in for when a profile role provides it. */
function finalBaseOf(rv: RenderedVariant): BaseImage {
  const role = rv.roles.find((r) => rv.profile.images[r].ref === rv.finalBase);
  return { ref: rv.finalBase, standsFor: role ? rv.profile.images[role].standsFor : null };
}

async function engineAnswers(engine: Engine): Promise<boolean> {
  return engine.describe('buildkit', AbortSignal.timeout(5_000)).then(
    () => true,
    () => false,
  );
}

export interface VariantOutcome {
  rows: Measurement[];
  record: VariantRecord;
  /** Set when the image built and served: the timed phase measures it. */
  builtVariant: BuiltVariant | null;
}

/** Measure one rendered variant: its rows, its record, and whether the timed phases can measure it. */
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
  const record: VariantRecord = {
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
    finalBase: finalBaseOf(rv),
    dockerfile: rv.dockerfile,
    goVersion: null,
    runsAsRoot: null,
    published: rv.variant.claims,
    order: rv.variant.order,
    pairWith: rv.variant.pairWith ?? null,
    layers: null,
    anatomy: null,
    error: null,
    identity: null,
    packages: null,
  };
  if (rv.finalBase === 'scratch') record.bases.push({ role: 'runtime', ref: 'scratch', standsFor: null });
  const rows: Measurement[] = [];
  let coldBuildMs: number | null = null;
  const wanted: MetricDef[] = [defOf(M.smoke), ...new Set(opts.metrics.flatMap(metricsOf))];
  const failAll = (error: string) => {
    record.status = 'failed';
    record.error ??= error;
    for (const { name } of wanted) {
      if (!rows.some((r) => r.metric === name)) rows.push(failedRow(ctx, target, name, error));
    }
  };
  if (rv.skipped) {
    // The profile cannot provide what the templates name (Profile.unavailable): a fact about the profile, not a failure.
    Object.assign(record, { status: 'skipped', image: null, bases: [], finalBase: null, error: rv.skipped });
    progress.note(`${rv.variant.id}: skipped (${rv.skipped})`);
    const none = { ...target, image: null, base: null };
    for (const { name } of wanted) rows.push(skippedRow(ctx, none, name, rv.skipped));
    return { rows, record, builtVariant: null };
  }
  try {
    progress.start(`${rv.variant.id}: build`);
    // With the build group, the measured build is made with no cache: it is the variant's first cold-build sample.
    const cold = opts.metrics.includes('build');
    const built = await buildVariant(engine, rv, {
      ...buildSettings(ctx, opts),
      tag,
      paramsKey: params,
      ...(cold ? { noCache: true } : {}),
    });
    coldBuildMs = cold ? built.ms : null;
    // Build checks (newer BuildKit) flag Dockerfile practice, not failures: shown, not counted against the variant.
    const checks = built.warnings?.length ? `; build checks: ${built.warnings.join('; ')}` : '';
    progress.done(`built ${built.imageId.slice(7, 19)}${checks}`);
    const info = await engine.inspectImage(tag, ctx.signal);
    if (!info) throw new Error(`the image ${tag} is missing right after its build`);
    record.identity = {
      layerDigests: info.layers,
      contentKey: null,
      sameImageAs: null,
      sameLayerDigests: null,
      rebuildSameLayerDigests: null,
    };

    progress.start(`${rv.variant.id}: smoke test`);
    const smoke = await smokeTest(engine, {
      image: tag,
      port: rv.variant.port,
      binaryPath: rv.variant.binaryPath,
      runId: ctx.runId,
      timeoutMs: opts.smokeTimeoutMs,
      signal: ctx.signal,
      note: ctx.note,
    });
    progress.done(smoke.ok ? 'answered 200 "Hello World!"' : `FAILED ${smoke.error}`);
    record.goVersion = smoke.binary ? goVersionOf(smoke.binary) : null;
    record.runsAsRoot = await runsAsRoot(engine, tag, ctx.signal);
    rows.push(
      smoke.ok
        ? okRow(ctx, target, M.smoke, { value: 1 })
        : failedRow(ctx, target, M.smoke, smoke.error ?? 'smoke test failed', 0),
    );

    if (opts.metrics.includes('size')) {
      progress.start(`${rv.variant.id}: size`);
      const size = await measureSize(engine, tag, rv.finalBase, ctx.signal);
      const exact = (metric: (typeof M)[keyof typeof M], value: number, note: string | null = null) =>
        rows.push(okRow(ctx, target, metric, { value }, note));
      exact(M.imageSize, size.imageSize.bytes, size.imageSize.note);
      exact(M.engineReportedSize, size.imageSize.engineReported, size.imageSize.engineNote);
      exact(M.layers, size.layers);
      exact(M.ownBytes, size.ownBytes);
      exact(M.contextBytes, built.contextBytes);
      if (built.buildImage) exact(M.buildImageSize, built.buildImage.size);
      if (smoke.binary) exact(M.binaryBytes, smoke.binary.length);
      else rows.push(failedRow(ctx, target, M.binaryBytes, `no file at ${rv.variant.binaryPath}`));
      progress.done(`${size.imageSize.bytes} bytes, ${size.layers} layers`);
    }
    if (opts.metrics.includes('anatomy')) {
      // The scanner's metric has a step of its own below; without a scanner the plan announced it skipped.
      const fromLayers = metricsOf('anatomy').filter((d) => d.name !== M.vulnerabilities);
      progress.start(`${rv.variant.id}: anatomy (export and read every layer)`);
      try {
        const a = await measureAnatomy(engine, tag, rv.finalBase, ctx.signal);
        record.anatomy = a.anatomy;
        record.layers = a.layers;
        record.identity.contentKey = a.contentKey;
        record.packages = a.packages;
        for (const { name } of fromLayers) rows.push(okRow(ctx, target, name, { value: a.values[name] ?? null }));
        progress.done(
          `${a.anatomy.wastedBytes} bytes wasted, efficiency ${(a.anatomy.efficiency * 100).toFixed(2)}%, ${a.anatomy.executables} executables, ${a.packages.os.length} OS packages, ${a.packages.go.length} Go binaries`,
        );
      } catch (err) {
        // The image built and served: a layer-reading problem costs the anatomy cells, not the variant.
        if (ctx.signal.aborted || isEngineGone(err)) throw err;
        progress.done(`FAILED ${oneLine(err).slice(0, 200)}`);
        for (const { name } of fromLayers) rows.push(failedRow(ctx, target, name, `anatomy: ${oneLine(err)}`));
      }
      if (ctx.scanner) progress.start(`${rv.variant.id}: vulnerabilities (${ctx.scanner.name})`);
      const found = await scanVulnerabilities(ctx.scanner, tag, ctx.signal);
      if (record.packages) record.packages.vulnerabilities = found;
      if ('total' in found) {
        rows.push(okRow(ctx, target, M.vulnerabilities, { value: found.total }));
        progress.done(`${found.total} found by ${found.scanner}`);
      } else if ('failed' in found) {
        rows.push(failedRow(ctx, target, M.vulnerabilities, found.failed));
        progress.done(`FAILED ${found.failed.slice(0, 200)}`);
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
  const builtVariant =
    record.status === 'ok' ? { rv, target: { ...target, image: tag }, identity: record.identity, coldBuildMs } : null;
  return { rows, record, builtVariant };
}

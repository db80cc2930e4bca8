/** Pull metrics through a registry: compressed size, cold pull, pull at stated link speeds, cold engine pull. */
import { oneLine } from '../errors.js';
import { enginePullCold } from '../registry/engine-pull-cold.js';
import { type LocalRegistry, startLocalRegistry, useExistingRegistry } from '../registry/local-registry.js';
import { derivedPullMs, type PullTiming, preparePullTiming } from '../registry/pull-timing.js';
import { derivedNote } from '../stats/derived.js';
import { summarize } from '../stats/summarize.js';
import { runTimed, type TimedCell } from '../stats/timed-metrics.js';
import type { Measurement } from '../types.js';
import { GROUP_METRICS } from './measure-variant.js';
import { makeRow, type RowTarget, type RunContext } from './run-context.js';
import { cellKey, collectTimed, sampleLogger, type Timable, type TimedOutput, type TimedPhase } from './timed-phase.js';

/** Link speeds the table reports pulls at, bits/s. */
export const LINKS = [
  ['pull_100mbit', 100e6],
  ['pull_1gbit', 1e9],
] as const;

// One list of pull metrics for the whole harness: the same rows a failed variant is marked failed for.
const PULL_METRICS = GROUP_METRICS.pull;

/**
 * A link-speed pull too long to run through the proxy, derived as max(loopback cold pull median, compressed bytes ÷
 * link speed): download and decompression overlap, so the slower sets the pace. One computed value: no n, no margin.
 */
export function derivedLinkRow(
  ctx: RunContext,
  target: RowTarget,
  metric: string,
  bitsPerSecond: number,
  compressedBytes: number,
  loopbackMedianMs: number | null,
): Measurement {
  if (loopbackMedianMs === null) {
    const why = `${metric}: derived from pull_cold, which has no value`;
    return makeRow(ctx, target, metric, 'ms', 'failed', { value: null, samples: null }, why);
  }
  // The bytes are in the image_size_compressed row; the note stays the same for every variant, so reports group it.
  const how = `max(median loopback cold pull, compressed bytes at ${bitsPerSecond / 1e6} Mbit/s)`;
  const value = derivedPullMs(loopbackMedianMs, compressedBytes, bitsPerSecond);
  return makeRow(ctx, target, metric, 'ms', 'ok', { value, samples: null }, null, derivedNote(how));
}

/** Push every timable image to a registry and time its pulls. A registry problem skips pulls, nothing else. */
export const timePulls: TimedPhase = async (engine, items, ctx, opts, progress) => {
  const out: TimedOutput = { rows: [], samples: {}, warnings: [] };
  const skipAll = (list: Timable[], why: string) => {
    for (const t of list)
      for (const [m, unit] of PULL_METRICS)
        out.rows.push(makeRow(ctx, t.target, m, unit, 'skipped', { value: null }, why));
  };
  progress.start(opts.registry ? `registry ${opts.registry}` : 'private registry on 127.0.0.1');
  let registry: LocalRegistry;
  try {
    registry = opts.registry
      ? await useExistingRegistry(opts.registry, ctx.signal)
      : await startLocalRegistry({ signal: ctx.signal });
    progress.done(`serving at ${registry.host}`);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    progress.done('unavailable');
    skipAll(items, `pull skipped: ${oneLine(err)}`);
    out.warnings.push(`pull metrics skipped: ${oneLine(err)}`);
    return out;
  }
  const pushed: { t: Timable; timing: PullTiming }[] = [];
  try {
    for (const t of items) {
      progress.start(`${t.target.variant}: push`);
      try {
        const timing = await preparePullTiming(engine, registry, t.target.image, `imagediet/${t.target.variant}`, {
          signal: ctx.signal,
        });
        pushed.push({ t, timing });
        out.rows.push(
          makeRow(ctx, t.target, 'image_size_compressed', 'bytes', 'ok', { value: timing.image_size_compressed }),
        );
        progress.done(`${timing.image_size_compressed} bytes compressed in ${timing.layers} layers`);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        progress.done(`FAILED ${oneLine(err)}`);
        skipAll([t], `push failed: ${oneLine(err)}`);
      }
    }
    const ok = pushed.map((p) => p.t);
    const n = opts.runs.pull;
    progress.start(`pull_cold × ${n} (${ok.length} variants, interleaved)`);
    const cold: TimedCell[] = pushed.map(({ t, timing }) => ({
      key: cellKey(t.target, 'pull_cold'),
      fn: async () => ({ overriddenDuration: await timing.pullCold() }),
    }));
    const coldOutcomes = await runTimed(cold, n, ctx.signal, sampleLogger(progress, n));
    collectTimed(ctx, ok, coldOutcomes, 'pull_cold', out);
    progress.done('done');
    // The derived link pulls read the loopback pull's median from here rather than pulling again.
    const loopback = new Map(coldOutcomes.flatMap((o) => (o.ok ? [[o.key, o.stats.value ?? null] as const] : [])));

    for (const [metric, bps] of LINKS) {
      const throttled = pushed.filter(({ timing }) => timing.linkMethod(bps) === 'throttled');
      if (throttled.length > 0) {
        progress.start(`${metric} × ${n} (${throttled.length} variants through a throttling proxy)`);
        const cells: TimedCell[] = throttled.map(({ t, timing }) => ({
          key: cellKey(t.target, metric),
          fn: async () => ({ overriddenDuration: await timing.pullAt(bps) }),
        }));
        const outcomes = await runTimed(cells, n, ctx.signal, sampleLogger(progress, n));
        const note = `pulled through a ${bps / 1e6} Mbit/s throttling proxy on 127.0.0.1`;
        collectTimed(
          ctx,
          throttled.map((p) => p.t),
          outcomes,
          metric,
          out,
          throttled.map(() => note),
        );
        progress.done('done');
      }
      for (const { t, timing } of pushed) {
        if (timing.linkMethod(bps) !== 'derived') continue;
        const median = loopback.get(cellKey(t.target, 'pull_cold')) ?? null;
        out.rows.push(derivedLinkRow(ctx, t.target, metric, bps, timing.image_size_compressed, median));
      }
    }

    // A daemon pull is only cold when no layer of the image exists anywhere on the engine; when that state
    // cannot be reached without touching images the harness did not create, the row says why it was skipped.
    progress.start(`pull_engine_cold × ${n}`);
    for (const { t, timing } of pushed) {
      const samples: number[] = [];
      let skipped: string | null = null;
      for (let i = 0; i < n && !skipped; i++) {
        const r = await enginePullCold(engine, t.target.image, timing.ref, {
          signal: ctx.signal,
          buildCacheSince: ctx.startedAtMs,
        }).catch((err) => {
          if (ctx.signal.aborted) throw err;
          return { skipped: `the engine pull failed: ${oneLine(err)}` };
        });
        if ('skipped' in r) skipped = r.skipped;
        else samples.push(r.ms);
      }
      if (skipped) {
        out.rows.push(
          makeRow(
            ctx,
            t.target,
            'pull_engine_cold',
            'ms',
            'skipped',
            { value: null },
            `engine cold pull skipped: ${skipped}`,
          ),
        );
        continue;
      }
      out.samples[cellKey(t.target, 'pull_engine_cold')] = samples;
      out.rows.push(makeRow(ctx, t.target, 'pull_engine_cold', 'ms', 'ok', await summarize(samples)));
    }
    progress.done('done');
  } finally {
    for (const { timing } of pushed) await timing.dispose().catch(() => undefined);
    await registry.stop().catch(() => undefined);
  }
  return out;
};

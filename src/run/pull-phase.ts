/** Pull metrics through a registry: compressed size, cold pull, pull at stated link speeds, cold engine pull. */
import { oneLine } from '../errors.js';
import { enginePullCold } from '../registry/engine-pull-cold.js';
import { type LocalRegistry, startLocalRegistry, useExistingRegistry } from '../registry/local-registry.js';
import { type PullTiming, preparePullTiming } from '../registry/pull-timing.js';
import { summarize } from '../stats/summarize.js';
import { runTimed, type TimedCell } from '../stats/timed-metrics.js';
import { GROUP_METRICS } from './measure-variant.js';
import { makeRow } from './run-context.js';
import { cellKey, collectTimed, sampleLogger, type Timable, type TimedOutput, type TimedPhase } from './timed-phase.js';

/** Link speeds the table reports pulls at, bits/s. */
export const LINKS = [
  ['pull_100mbit', 100e6],
  ['pull_1gbit', 1e9],
] as const;

// One list of pull metrics for the whole harness: the same rows a failed variant is marked failed for.
const PULL_METRICS = GROUP_METRICS.pull;

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
    collectTimed(ctx, ok, await runTimed(cold, n, ctx.signal, sampleLogger(progress, n)), 'pull_cold', out);
    progress.done('done');

    for (const [metric, bps] of LINKS) {
      progress.start(`${metric} × ${n}`);
      const cells: TimedCell[] = pushed.map(({ t, timing }) => ({
        key: cellKey(t.target, metric),
        fn: async () => ({ overriddenDuration: await timing.pullAt(bps) }),
      }));
      const notes = pushed.map(({ timing }) =>
        timing.linkMethod(bps) === 'throttled'
          ? `pulled through a ${bps / 1e6} Mbit/s throttling proxy on 127.0.0.1`
          : `derived: max(loopback cold pull, compressed bytes at ${bps / 1e6} Mbit/s)`,
      );
      collectTimed(ctx, ok, await runTimed(cells, n, ctx.signal, sampleLogger(progress, n)), metric, out, notes);
      progress.done('done');
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

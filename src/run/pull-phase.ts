/**
 * Pulls and deploys: every built variant's image is pushed once to the harness's registry; then a node engine (one
 * the harness starts and owns, emptied before every sample) deploys each image at loopback speed and through limited
 * links: pull, create, start, first 200. The pull part of each deploy sample is that link's cold pull.
 */

import { ReleaseStack } from '../disposable.js';
import { type CleanupNote, oneLine } from '../errors.js';
import { M, metricsOf } from '../metrics/catalogue.js';
import { type NodeEngine, startOwnedNode, useDedicatedNode } from '../node/node-engine.js';
import { type LocalRegistry, startLocalRegistry, useExistingRegistry } from '../registry/local-registry.js';
import { preparePullTiming } from '../registry/pull-timing.js';
import { type Pushed, timeDeploys } from './node-phases.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import { failedRow, okRow, type RunContext } from './run-context.js';
import type { BuiltVariant, TimedOutput, TimedPhase } from './timed-phase.js';

/** Opens the node engine for a run, or rejects saying why there is none; `note` is told when a clean-up fails. */
export type OpenNode = (
  ctx: RunContext,
  opts: RunOptions,
  registry: LocalRegistry,
  note: CleanupNote,
) => Promise<NodeEngine>;

/** Push every built variant's image, time registry fetches, then pulls and deploys on a node engine. */
export const timePulls: TimedPhase = (engine, items, ctx, opts, progress) =>
  pullPhase(openNode)(engine, items, ctx, opts, progress);

/**
 * The pull phase with the node engine `open` gives (tests pass a fake node). The registry, the pushed images and the
 * node are held with `await using`: released in reverse order however the phase ends, each failure told to progress.
 */
export const pullPhase =
  (open: OpenNode): TimedPhase =>
  async (engine, items, ctx, opts, progress) => {
    const out: TimedOutput = { rows: [], samples: {}, warnings: [] };
    const groups = (['pull', 'deploy'] as const).filter((g) => opts.metrics.includes(g));
    // Whatever stops the phase here fails its cells: only what the plan announced up front is ever skipped.
    const fail = (list: BuiltVariant[], metrics: string[], why: string) => {
      for (const t of list) for (const m of metrics) out.rows.push(failedRow(ctx, t.target, m, why));
    };
    const allMetrics = groups
      .flatMap(metricsOf)
      .map((d) => d.name)
      .filter((m) => m !== M.imageSizeCompressed);
    const note = counted(ctx.note);
    progress.start(opts.registry ? `registry ${opts.registry}` : 'private registry on 127.0.0.1');
    let opened: LocalRegistry;
    try {
      opened = opts.registry
        ? await useExistingRegistry(opts.registry, ctx.signal)
        : await startLocalRegistry({ signal: ctx.signal, note });
      progress.done(`serving at ${opened.host}`);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      progress.done(`FAILED ${oneLine(err)}`);
      fail(items, [M.imageSizeCompressed, ...allMetrics], `registry: ${oneLine(err)}`);
      return out;
    }
    await using registry = opened;
    // Declared after the registry, so released before it: the manifests go while the registry still serves.
    await using pushedImages = new ReleaseStack(note);
    const pushed: Pushed[] = [];
    for (const t of items) {
      progress.start(`${t.target.variant}: push`);
      try {
        const timing = pushedImages.use(
          await preparePullTiming(engine, registry, t.target.image, `imagediet/${t.target.variant}`, {
            signal: ctx.signal,
            note,
          }),
        );
        pushed.push({ t, timing });
        out.rows.push(okRow(ctx, t.target, M.imageSizeCompressed, { value: timing.image_size_compressed }));
        progress.done(`${timing.image_size_compressed} bytes compressed in ${timing.layers} layers`);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        progress.done(`FAILED ${oneLine(err)}`);
        fail([t], [M.imageSizeCompressed, ...allMetrics], `push failed: ${oneLine(err)}`);
      }
    }
    const ok = pushed.map((p) => p.t);
    const nodeMetrics = allMetrics;
    if (ok.length === 0 || nodeMetrics.length === 0) return out;
    progress.start('node engine');
    let node: NodeEngine;
    try {
      node = await open(ctx, opts, registry, note);
      progress.done(node.label);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      progress.done(`FAILED ${oneLine(err)}`);
      fail(ok, nodeMetrics, `node engine: ${oneLine(err)}`);
      return out;
    }
    await using _node = stopStep(node, progress, note);
    await timeDeploys(node, pushed, ctx, opts, progress, out);
    return out;
  };

/** A clean-up note that also counts the failures told to it, so a step can say whether its own clean-up failed. */
function counted(note: CleanupNote): CleanupNote & { failures: number } {
  const told = Object.assign(
    (line: string) => {
      told.failures++;
      note(line);
    },
    { failures: 0 },
  );
  return told;
}

/** Disposing the node as a progress step of its own; a release that fails is told within it and the step says so. */
function stopStep(node: NodeEngine, progress: Progress, note: { failures: number }): AsyncDisposable {
  return {
    async [Symbol.asyncDispose]() {
      progress.start('node engine: stop');
      const before = note.failures;
      await node[Symbol.asyncDispose]();
      if (note.failures > before) progress.done('FAILED: see the clean-up line(s) above');
      else progress.done(node.owned ? 'stopped; its data root is gone' : 'what the harness pulled and ran removed');
    },
  };
}

/** The node for this run: `--node-engine`, else one the harness starts; rejects with why there is none. */
export async function openNode(
  ctx: RunContext,
  opts: RunOptions,
  registry: LocalRegistry,
  note: CleanupNote,
): Promise<NodeEngine> {
  if (opts.nodeEngine) return useDedicatedNode(opts.nodeEngine, registry, note);
  return startOwnedNode(ctx.runId, registry, ctx.signal, note);
}

/**
 * Pulls and deploys: every built variant's image is pushed once to the harness's registry; then a node engine (one
 * the harness starts and owns, emptied before every sample) deploys each image at loopback speed and through limited
 * links: pull, create, start, first 200. The pull part of each deploy sample is that link's cold pull.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { engineForm, type ImageForm, pushForms } from '../compress/image-forms.js';
import { chrootSkopeo, type Skopeo, skopeoLabel } from '../compress/skopeo.js';
import { ReleaseStack } from '../disposable.js';
import { type CleanupNote, oneLine } from '../errors.js';
import { M, metricsOf } from '../metrics/catalogue.js';
import { type NodeEngine, startOwnedNode, useDedicatedNode } from '../node/node-engine.js';
import { type Compression, DEFAULT_COMPRESSION, withCompression } from '../registry/compression.js';
import { type LocalRegistry, startLocalRegistry, useExistingRegistry } from '../registry/local-registry.js';
import { preparePullTiming } from '../registry/pull-timing.js';
import type { CompressedForm } from '../types.js';
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

/** Push every built variant's image in each form, then time pulls and deploys on a node engine. */
export const timePulls: TimedPhase = (engine, items, ctx, opts, progress) =>
  pullPhase(openNode)(engine, items, ctx, opts, progress);

/** `layers: 2 × application/vnd.oci.image.layer.v1.tar+zstd (1,907,093 + 120 bytes)`: a form's layers for its row. */
export function layersNote(form: Pick<ImageForm, 'manifest'>): string {
  const types = [...new Set(form.manifest.layers.map((l) => l.mediaType))];
  const bytes = form.manifest.layers.map((l) => l.size.toLocaleString('en-US')).join(' + ');
  return `manifest ${form.manifest.mediaType}; ${form.manifest.layers.length} layer(s) of ${types.join(', ')} (${bytes} bytes)`;
}

/** A form as results.json keeps it on the variant's record. */
function formRecord(form: ImageForm, params: string): CompressedForm {
  return {
    compression: form.compression,
    params,
    manifestMediaType: form.manifest.mediaType,
    layers: form.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, bytes: l.size })),
    bytes: form.image_size_compressed,
    pushMs: form.pushMs,
    how: form.how,
  };
}

/**
 * The pull phase with the node engine `open` gives (tests pass a fake node). The registry, the pushed images and the
 * node are held with `await using`: released in reverse order however the phase ends, each failure told to progress.
 */
export const pullPhase =
  (open: OpenNode, skopeo: Skopeo = chrootSkopeo): TimedPhase =>
  async (engine, items, ctx, opts, progress) => {
    const out: TimedOutput = { rows: [], samples: {}, warnings: [], forms: {} };
    const groups = (['pull', 'deploy'] as const).filter((g) => opts.metrics.includes(g));
    // Whatever stops the phase here fails its cells: only what the plan announced up front is ever skipped.
    const fail = (list: BuiltVariant[], metrics: string[], why: string) => {
      for (const t of list) for (const m of metrics) out.rows.push(failedRow(ctx, t.target, m, why));
    };
    const allMetrics = groups
      .flatMap(metricsOf)
      .map((d) => d.name)
      .filter((m) => m !== M.imageSizeCompressed && m !== M.compressPush)
      .filter((m, i, all) => all.indexOf(m) === i);
    const forms: Compression[] = opts.compressions ?? [DEFAULT_COMPRESSION];
    const recompressed = forms.filter((c) => c !== DEFAULT_COMPRESSION);
    const formTarget = (t: BuiltVariant, c: Compression) => ({
      ...t.target,
      params: withCompression(t.target.params, c),
    });
    const pushMetrics = [M.imageSizeCompressed, M.compressPush, ...allMetrics];
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
      for (const c of forms)
        fail(
          items.map((t) => ({ ...t, target: formTarget(t, c) })),
          pushMetrics,
          `registry: ${oneLine(err)}`,
        );
      return out;
    }
    await using registry = opened;
    // Declared after the registry, so released before it: the manifests go while the registry still serves.
    await using pushedImages = new ReleaseStack(note);
    const pushed: Pushed[] = [];
    // skopeo makes the recompressed forms; asking its version first builds its chroot once, outside any timing.
    let skopeoName: string | null = null;
    let skopeoProblem: string | null = null;
    if (recompressed.length > 0) {
      progress.start('skopeo for the recompressed forms');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-skopeo-'));
      try {
        skopeoName = await skopeoLabel(skopeo, dir);
        progress.done(skopeoName);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        skopeoProblem = `skopeo: ${oneLine(err)}`;
        progress.done(`FAILED ${skopeoProblem}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const stats = (ms: number) => ({ value: ms, mean: ms, median: ms, min: ms, max: ms, samples: 1 });
    const keep = (t: BuiltVariant, form: ImageForm) => {
      const target = formTarget(t, form.compression);
      pushed.push({ t, target, form });
      const layers = form.compression === DEFAULT_COMPRESSION ? null : layersNote(form);
      out.rows.push(okRow(ctx, target, M.imageSizeCompressed, { value: form.image_size_compressed }, layers));
      out.rows.push(okRow(ctx, target, M.compressPush, stats(form.pushMs), form.how));
      const key = `${t.target.variant}|${t.target.params}`;
      const kept = out.forms ?? {};
      kept[key] = [...(kept[key] ?? []), formRecord(form, target.params)];
      out.forms = kept;
    };
    for (const t of items) {
      progress.start(`${t.target.variant}: push`);
      let source: Awaited<ReturnType<typeof preparePullTiming>>;
      try {
        source = pushedImages.use(
          await preparePullTiming(engine, registry, t.target.image, `imagediet/${t.target.variant}`, {
            signal: ctx.signal,
            note,
          }),
        );
        if (forms.includes(DEFAULT_COMPRESSION)) keep(t, engineForm(source));
        progress.done(`${source.image_size_compressed} bytes compressed in ${source.layers} layers`);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        progress.done(`FAILED ${oneLine(err)}`);
        // The other forms are made from the engine's push: without it there are none.
        for (const c of forms) fail([{ ...t, target: formTarget(t, c) }], pushMetrics, `push failed: ${oneLine(err)}`);
        continue;
      }
      if (recompressed.length === 0) continue;
      if (skopeoProblem || !skopeoName) {
        for (const c of recompressed)
          fail([{ ...t, target: formTarget(t, c) }], pushMetrics, skopeoProblem ?? 'skopeo');
        continue;
      }
      progress.start(`${t.target.variant}: ${recompressed.join(', ')} with skopeo`);
      const made = await pushForms(source, registry.host, recompressed, {
        skopeo,
        skopeoLabel: skopeoName,
        signal: ctx.signal,
        note,
      });
      const said: string[] = [];
      for (const m of made) {
        if (m.ok) {
          keep(t, pushedImages.use(m.form));
          said.push(`${m.form.compression} ${m.form.image_size_compressed} bytes`);
        } else {
          fail([{ ...t, target: formTarget(t, m.compression) }], pushMetrics, `${m.compression}: ${m.error}`);
          said.push(`${m.compression} FAILED ${m.error.slice(0, 120)}`);
        }
      }
      progress.done(said.join('; '));
    }
    // The pushes and their sizes are kept even if the deploys that follow are stopped.
    await ctx.checkpoint?.(out);
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
      fail(
        pushed.map((p) => ({ ...p.t, target: p.target })),
        nodeMetrics,
        `node engine: ${oneLine(err)}`,
      );
      return out;
    }
    await using _node = stopStep(node, progress, note);
    out.nodeLabel = node.label;
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
  return startOwnedNode(ctx.runId, registry, ctx.signal, note, opts.nodeKind ?? undefined);
}

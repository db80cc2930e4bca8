/**
 * One image's anatomy: waste, attack surface, its steps with their bytes, how its layers are stored, its largest
 * files and the software it holds, all from its own `docker save` export, read once.
 */
import type { Engine } from '../engine/engine.js';
import type { ImageAnatomy, LayerReport, PackageFacts } from '../types.js';
import { attackSurface } from './attack-surface.js';
import { contentKey } from './content-key.js';
import { wasteFacts } from './dive-efficiency.js';
import { imageBytes } from './image-bytes.js';
import { savedImageOf } from './image-layers.js';
import { imagePackages } from './image-packages.js';
import { largestFiles } from './largest-files.js';
import { layerReport } from './layer-report.js';
import { mergeLayers } from './merged-filesystem.js';

export interface AnalyzeOptions {
  /** The image the final stage is built FROM, or `scratch` when none. */
  baseRef: string;
  signal?: AbortSignal;
}

/** How many bottom layers and history steps the base contributes (both 0 for scratch). */
async function baseShare(
  engine: Engine,
  ref: string,
  imageLayers: string[],
  opts: AnalyzeOptions,
): Promise<{ layers: number; steps: number }> {
  if (opts.baseRef === 'scratch') return { layers: 0, steps: 0 };
  const base = await engine.inspectImage(opts.baseRef, opts.signal);
  if (!base) throw new Error(`analyze ${ref}: base image ${opts.baseRef} does not exist`);
  // A base rebuilt since the image was built no longer lies under it: its layers would be miscounted as the user's.
  if (!base.layers.every((id, i) => imageLayers[i] === id)) {
    throw new Error(
      `analyze ${ref}: the layers of ${opts.baseRef} are not the bottom layers of the image (is it the base?)`,
    );
  }
  const steps = (await engine.imageHistory(opts.baseRef, opts.signal)).length;
  return { layers: base.layers.length, steps };
}

/** What one read of an image gives. */
export interface ImageAnalysis {
  anatomy: ImageAnatomy;
  layers: LayerReport[];
  contentKey: string;
  /** Its distribution, OS packages and Go binaries; `vulnerabilities` is left null for a scanner to fill. */
  packages: PackageFacts;
}

/** Waste (dive's rules), attack surface, step list and packages of `ref`; reads the whole image once, as a stream. */
export async function analyzeImage(engine: Engine, ref: string, opts: AnalyzeOptions): Promise<ImageAnalysis> {
  const info = await engine.inspectImage(ref, opts.signal);
  if (!info) throw new Error(`analyze ${ref}: the image does not exist`);
  const base = await baseShare(engine, ref, info.layers, opts);
  const saved = await savedImageOf(engine, ref, info.id, opts.signal);
  const files = saved.layers;
  if (files.length !== info.layers.length) {
    throw new Error(`analyze ${ref}: the export holds ${files.length} layers, inspect lists ${info.layers.length}`);
  }
  // The share's denominator is image_size, which means the same on every store.
  const size = await imageBytes(engine, ref, info, opts.signal);
  const fs = mergeLayers(files);
  const anatomy: ImageAnatomy = {
    ...wasteFacts(files, base.layers, size.bytes),
    ...attackSurface(fs),
    user: info.user,
    layerMedia: files.map((l) => ({ mediaType: l.mediaType, compression: l.format === 'tar' ? 'none' : l.format })),
    largestFiles: largestFiles(saved, fs, base.layers),
  };
  return {
    anatomy,
    layers: layerReport(saved, base.steps),
    contentKey: contentKey(saved),
    packages: imagePackages(fs),
  };
}

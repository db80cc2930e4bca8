/** Makes sure the requested offline bases exist: reuses labelled ones, builds the rest in dependency order. */

import { type ImageBytes, imageBytes } from '../anatomy/image-bytes.js';
import type { Engine, ImageInfo } from '../engine/engine.js';
import { LABEL } from '../engine/engine.js';
import { EngineError, oneLine } from '../errors.js';
import { type BaseId, type BaseSpec, baseCatalog } from './catalog.js';
import { buildDockerfileBase } from './dockerfile-base.js';
import { resolveOrder } from './resolve-order.js';
import { buildRootfs } from './rootfs.js';

/** One offline base as ensureBases left it. */
export interface BaseRecord {
  id: BaseId;
  ref: string;
  imageId: string;
  /** Debian version, `go1.23.5`, busybox or upx version: the `imagediet.base.version` label. */
  version: string;
  /** True when this call built it, false when an existing image was reused. */
  builtNow: boolean;
  /** Uncompressed image size as overlay2 counts it, on every image store (measure/size.ts), bytes. */
  sizeBytes: number;
}

/** Options of ensureBases. */
export interface EnsureBasesOptions {
  goVersion: string;
  /** Build even when a labelled image already exists (dependencies included). */
  rebuild: boolean;
  runId: string;
  signal?: AbortSignal;
  onStep?: (msg: string) => void;
}

/** Build or reuse `ids` and their dependencies, dependencies first; InputError for unknown ids or Go versions. */
export function ensureBases(engine: Engine, ids: string[], opts: EnsureBasesOptions): Promise<BaseRecord[]> {
  return ensureBasesPerGo(engine, new Map([[opts.goVersion, ids]]), opts);
}

/**
 * The same for several Go versions at once (a goVersion sweep): Go version → base ids. A base they share, such as
 * debian-slim, is built or reused once, so `rebuild` never rebuilds it twice.
 */
export async function ensureBasesPerGo(
  engine: Engine,
  wanted: ReadonlyMap<string, readonly string[]>,
  opts: Omit<EnsureBasesOptions, 'goVersion'>,
): Promise<BaseRecord[]> {
  const done = new Set<string>();
  const records: BaseRecord[] = [];
  for (const [goVersion, ids] of wanted) {
    for (const spec of resolveOrder(baseCatalog(goVersion), [...ids])) {
      if (done.has(spec.ref)) continue;
      done.add(spec.ref);
      records.push(await ensureBase(engine, spec, { ...opts, goVersion }));
    }
  }
  return records;
}

/** How many of the bases `ensureBasesPerGo` would build now (missing, incomplete, or all with `rebuild`). */
export async function basesToBuild(
  engine: Engine,
  wanted: ReadonlyMap<string, readonly string[]>,
  opts: { rebuild: boolean; signal?: AbortSignal },
): Promise<number> {
  const seen = new Set<string>();
  let n = 0;
  for (const [goVersion, ids] of wanted) {
    for (const spec of resolveOrder(baseCatalog(goVersion), [...ids])) {
      if (seen.has(spec.ref)) continue;
      seen.add(spec.ref);
      const existing = await engine.inspectImage(spec.ref, opts.signal);
      if (opts.rebuild || !existing || !completeBaseVersion(existing, spec.id)) n++;
    }
  }
  return n;
}

async function ensureBase(engine: Engine, spec: BaseSpec, opts: EnsureBasesOptions): Promise<BaseRecord> {
  const step = opts.onStep ?? (() => {});
  const existing = await engine.inspectImage(spec.ref, opts.signal);
  const version = existing ? completeBaseVersion(existing, spec.id) : null;
  if (existing && version && !opts.rebuild) {
    step(`${spec.ref}: reusing ${existing.id.slice(7, 19)} (${version})`);
    return record(spec, existing, version, false, await imageBytes(engine, spec.ref, existing, opts.signal));
  }
  step(`${spec.ref}: building (${spec.kind === 'rootfs' ? 'mmdebstrap' : 'Dockerfile'})`);
  const t0 = performance.now();
  const labels = {
    [LABEL.kind]: 'base',
    [LABEL.base]: spec.id,
    [LABEL.run]: opts.runId,
    [LABEL.created]: new Date().toISOString(),
  };
  const built =
    spec.kind === 'rootfs'
      ? await buildRootfs(engine, spec, labels, opts.signal)
      : await buildDockerfileBase(engine, spec, labels, { ...opts, onStep: step });
  if (existing && existing.id !== built.imageId) await removeReplaced(engine, existing.id, step);
  const info = await engine.inspectImage(spec.ref, opts.signal);
  if (!info) throw new EngineError('inspect image', spec.ref, 'missing right after its build');
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  // The size every report uses (uncompressed, as overlay2 counts it), not the engine's own figure.
  const size = await imageBytes(engine, spec.ref, info, opts.signal);
  step(`${spec.ref}: built ${info.id.slice(7, 19)} in ${s} s (${built.version}, ${size.bytes} bytes)`);
  return record(spec, info, built.version, true, size);
}

/** The version label of an image this harness built as base `id`, or null: an unversioned one was interrupted. */
function completeBaseVersion(info: ImageInfo, id: BaseId): string | null {
  const l = info.labels;
  const version = l[LABEL.baseVersion];
  return l[LABEL.kind] === 'base' && l[LABEL.base] === id && version ? version : null;
}

/** Remove the image a rebuild replaced, only if nothing else tags it and it is one of our bases. */
async function removeReplaced(engine: Engine, imageId: string, step: (msg: string) => void): Promise<void> {
  try {
    const old = await engine.inspectImage(imageId);
    if (old && old.tags.length === 0 && old.labels[LABEL.kind] === 'base') await engine.removeImage(imageId);
  } catch (err) {
    // Still in use (a container, say): the new base is fine, so this is a warning, not a failure.
    step(`warning: could not remove replaced base ${imageId.slice(7, 19)}: ${oneLine(err)}`);
  }
}

function record(spec: BaseSpec, info: ImageInfo, version: string, builtNow: boolean, size: ImageBytes): BaseRecord {
  return { id: spec.id, ref: spec.ref, imageId: info.id, version, builtNow, sizeBytes: size.bytes };
}

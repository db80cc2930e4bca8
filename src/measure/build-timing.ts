/** Timed rebuilds: cold (no build cache, bases present) and warm (only the app's source changed). */
import { DOCKERFILE_NAME, variantContext } from '../build/build-context.js';
import type { BuildResult, ContextFile, Engine } from '../engine/engine.js';
import { imageLabels } from '../run/labels.js';
import type { Builder } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';

export interface RebuildOptions {
  appDir: string;
  runId: string;
  builder: Builder;
  /** Temporary tag the timed builds write to; the kept final image is never touched. */
  tag: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** A cold rebuild: every step reruns (`nocache`), base images are already local, so no pull is ever timed. */
export function coldBuild(engine: Engine, rv: RenderedVariant, opts: RebuildOptions): Promise<BuildResult> {
  return engine.build({
    files: variantContext(opts.appDir, rv.dockerfile),
    dockerfile: DOCKERFILE_NAME,
    tag: opts.tag,
    labels: imageLabels(opts.runId, 'temp', opts.tag),
    builder: opts.builder,
    noCache: true,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
  });
}

/** The context with one source file changed by a comment carrying `nonce`: what a developer's edit looks like. */
export function editedContext(files: ContextFile[], nonce: string): ContextFile[] {
  const target =
    files.find((f) => f.name === 'main.go') ??
    files.find((f) => f.name.endsWith('.go') && !f.name.endsWith('_test.go'));
  if (!target) throw new Error('build_warm: the app has no Go source file to change');
  return files.map((f) =>
    f === target
      ? { ...f, content: Buffer.concat([f.content, Buffer.from(`\n// imagediet warm build ${nonce}\n`)]) }
      : f,
  );
}

/** A warm rebuild after a source edit: dependency and toolchain layers come from the cache the main build left. */
export function warmBuild(
  engine: Engine,
  rv: RenderedVariant,
  opts: RebuildOptions,
  nonce: string,
): Promise<BuildResult> {
  return engine.build({
    files: editedContext(variantContext(opts.appDir, rv.dockerfile), nonce),
    dockerfile: DOCKERFILE_NAME,
    tag: opts.tag,
    labels: imageLabels(opts.runId, 'temp', opts.tag),
    builder: opts.builder,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
  });
}

/** Builds a rendered variant as `imagediet/<variant>:<profile>`, replacing the previous run's image under that tag. */
import { DOCKERFILE_NAME, variantContext } from '../build/build-context.js';
import { type BuildResult, type Engine, LABEL } from '../engine/engine.js';
import { imageLabels } from '../run/labels.js';
import type { Builder } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';

/** The kept tag of a variant: `imagediet/<variant>:<profile>[-<params>]`. */
export function finalTag(variant: string, profile: string, paramsKey: string): string {
  const suffix = paramsKey ? `-${paramsKey.replace(/[^A-Za-z0-9_.-]+/g, '-')}` : '';
  return `imagediet/${variant}:${profile}${suffix}`.slice(0, 200);
}

export interface BuildOptions {
  appDir: string;
  runId: string;
  builder: Builder;
  tag: string;
  paramsKey: string;
  noCache?: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Build and tag; the image the tag held before is removed if it was ours and nothing else uses it. */
export async function buildVariant(engine: Engine, rv: RenderedVariant, opts: BuildOptions): Promise<BuildResult> {
  const previous = await engine.inspectImage(opts.tag, opts.signal);
  const result = await engine.build({
    files: variantContext(opts.appDir, rv.dockerfile),
    dockerfile: DOCKERFILE_NAME,
    tag: opts.tag,
    labels: imageLabels(opts.runId, 'final', opts.tag, {
      [LABEL.variant]: rv.variant.id,
      [LABEL.profile]: rv.profile.id,
      'imagediet.params': opts.paramsKey,
    }),
    builder: opts.builder,
    noCache: opts.noCache ?? false,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
  });
  if (previous && previous.id !== result.imageId && previous.labels[LABEL.kind] === 'final') {
    // Untagged now; not forced, so an image still used by someone's container stays.
    await engine.removeImage(previous.id).catch(() => undefined);
  }
  return result;
}

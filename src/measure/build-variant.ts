/** Builds a rendered variant as `imagediet/<variant>:<profile>`, replacing the previous run's image under that tag. */

import { type Engine, LABEL } from '../engine/engine.js';
import { imageLabels } from '../engine/labels.js';
import { release } from '../errors.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { type BuildSettings, buildRendered, type RenderedBuildResult } from './build-steps.js';

/** The kept tag of a variant: `imagediet/<variant>:<profile>[-<params>]`. */
export function finalTag(variant: string, profile: string, paramsKey: string): string {
  const suffix = paramsKey ? `-${paramsKey.replace(/[^A-Za-z0-9_.-]+/g, '-')}` : '';
  return `imagediet/${variant}:${profile}${suffix}`.slice(0, 200);
}

export interface BuildOptions extends BuildSettings {
  tag: string;
  paramsKey: string;
}

/**
 * Build and tag; the image the tag held before is removed if it was ours and nothing else uses it. A multi-step
 * variant's build image stays tagged (kind `temp`) until the run's clean-up, and its size comes back in `buildImage`.
 */
export async function buildVariant(
  engine: Engine,
  rv: RenderedVariant,
  opts: BuildOptions,
): Promise<RenderedBuildResult> {
  const previous = await engine.inspectImage(opts.tag, opts.signal);
  const { paramsKey, ...settings } = opts;
  const result = await buildRendered(engine, rv, {
    ...settings,
    // Its time is read only when it is a cold sample, and a cold (noCache) build is retried with the same time.
    retryRace: true,
    labels: imageLabels(opts.runId, 'final', opts.tag, {
      [LABEL.variant]: rv.variant.id,
      [LABEL.profile]: rv.profile.id,
      'imagediet.params': paramsKey,
    }),
  });
  if (previous && previous.id !== result.imageId && previous.labels[LABEL.kind] === 'final') {
    // Untagged now; not forced, so an image still used by someone's container stays.
    await release(
      `remove the image ${opts.tag} held before (${previous.id})`,
      () => engine.removeImage(previous.id),
      opts.note,
    );
  }
  return result;
}

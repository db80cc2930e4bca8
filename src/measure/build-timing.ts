/** Timed rebuilds: cold (no build cache, bases present) and warm (only the app's source changed). */

import { retryContentLockRace } from '../engine/build-race.js';
import type { BuildResult, ContextFile, Engine } from '../engine/engine.js';
import { imageLabels } from '../engine/labels.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { type BuildSettings, buildRendered } from './build-steps.js';

export interface RebuildOptions extends BuildSettings {
  /** Temporary tag the timed builds write to; the kept final image is never touched. */
  tag: string;
}

/** A cold rebuild: every step reruns (`nocache`), base images are already local, so no pull is ever timed. */
export function coldBuild(engine: Engine, rv: RenderedVariant, opts: RebuildOptions): Promise<BuildResult> {
  // Through buildRendered, so a multi-step variant's both steps and a variant's own context are timed as built.
  return buildRendered(engine, rv, {
    ...opts,
    labels: imageLabels(opts.runId, 'temp', opts.tag),
    noCache: true,
    dropBuildImage: true,
  });
}

/** The context with one source file changed by a comment carrying `nonce`: what a developer's edit looks like. */
function editedContext(files: ContextFile[], nonce: string): ContextFile[] {
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

/**
 * A warm rebuild after a source edit: dependency and toolchain layers come from the cache the main build left. After
 * the engine's content-lock race (engine/build-race.ts) the engine does not retry a cached build, since the failed
 * attempt cached the edited steps; a new edit makes the retry a true warm build again.
 */
export function warmBuild(
  engine: Engine,
  rv: RenderedVariant,
  opts: RebuildOptions,
  nonce: string,
): Promise<BuildResult> {
  return retryContentLockRace(
    (attempt) =>
      buildRendered(engine, rv, {
        ...opts,
        labels: imageLabels(opts.runId, 'temp', opts.tag),
        editSources: (files) => editedContext(files, attempt === 1 ? nonce : `${nonce}.${attempt}`),
        dropBuildImage: true,
      }),
    `warm build ${opts.tag} (a new edit)`,
    opts,
  );
}

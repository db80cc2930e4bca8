/**
 * Builds a rendered variant as the engine sees it: one Dockerfile, or the builder pattern's two (build image,
 * copy-out from a created container, runtime image from a context holding only the copied files).
 */

import { imageBytes } from '../anatomy/image-bytes.js';
import { DOCKERFILE_NAME, variantContext } from '../build/build-context.js';
import type { BuildResult, ContextFile, Engine } from '../engine/engine.js';
import { LABEL } from '../engine/engine.js';
import { containerLabels, imageLabels, ownsImage } from '../engine/labels.js';
import { type CleanupNote, EngineError, release } from '../errors.js';
import type { Builder } from '../types.js';
import type { BuildStep, RenderedVariant } from '../variants/render-variant.js';

/**
 * How every build of a run is made, whoever asks for it (the measured build, the timed rebuilds): one object per run,
 * made by `buildSettings` (src/run/run-context.ts) and passed on whole, never copied field by field.
 */
export interface BuildSettings {
  /** The sample app's folder: the build context's sources. */
  appDir: string;
  runId: string;
  builder: Builder;
  /** Per-build timeout, ms (each step has its own). */
  timeoutMs: number;
  signal: AbortSignal;
  /** Told when an image or container a build made or replaced cannot be removed. */
  note?: CleanupNote | undefined;
  /** The time every build stamps its image with (SOURCE_DATE_EPOCH), s since 1970: builds of the same files match. */
  sourceDateEpoch?: number;
}

/** What building a rendered variant needs: the run's settings, and this build's tag and labels. */
export interface RenderedBuildOptions extends BuildSettings {
  /** Tag of the final image. */
  tag: string;
  /** Labels of the final image. */
  labels: Record<string, string>;
  noCache?: boolean;
  /** Nobody reads this build's time, so the engine's content-lock race may be retried (BuildRequest.retryRace). */
  retryRace?: boolean;
  /** Change the context holding the app's sources before it is sent (a warm build edits one line). */
  editSources?: (files: ContextFile[]) => ContextFile[];
  /** Remove the build image of a multi-step variant once its files are out (timed rebuilds). @default false */
  dropBuildImage?: boolean;
}

/** The build image a multi-step variant left, measured right after its build. */
export interface BuildImageFacts {
  tag: string;
  imageId: string;
  /** Uncompressed bytes, `docker image inspect` Size. */
  size: number;
}

/** The final build's result; for a multi-step variant, times, logs, steps and context bytes cover every step. */
export interface RenderedBuildResult extends BuildResult {
  buildImage: BuildImageFacts | null;
}

/** Tag of a multi-step variant's build image: the final tag's repository plus `-build`. */
export function buildImageTag(finalTag: string): string {
  const colon = finalTag.lastIndexOf(':');
  const slash = finalTag.lastIndexOf('/');
  return colon > slash ? `${finalTag.slice(0, colon)}-build${finalTag.slice(colon)}` : `${finalTag}-build`;
}

/** Build `rv` as `opts.tag`; a multi-step variant first builds and copies out of its build image. */
export async function buildRendered(
  engine: Engine,
  rv: RenderedVariant,
  opts: RenderedBuildOptions,
): Promise<RenderedBuildResult> {
  const edit = opts.editSources ?? ((f: ContextFile[]) => f);
  const build = (files: ContextFile[], tag: string, labels: Record<string, string>) =>
    engine.build({
      files,
      dockerfile: DOCKERFILE_NAME,
      tag,
      labels,
      builder: opts.builder,
      noCache: opts.noCache ?? false,
      retryRace: opts.retryRace ?? false,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      note: opts.note,
      ...(opts.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: opts.sourceDateEpoch }),
    });
  if (!rv.buildStep) {
    const result = await build(
      edit(variantContext(opts.appDir, rv.finalDockerfile, rv.variant.context)),
      opts.tag,
      opts.labels,
    );
    return { ...result, buildImage: null };
  }
  const t0 = performance.now();
  const first = await buildStepImage(engine, rv, rv.buildStep, opts, edit);
  try {
    const copied = await copyOut(engine, first.buildImage, rv.buildStep, opts);
    const files = [...copied, { name: DOCKERFILE_NAME, content: Buffer.from(rv.finalDockerfile) }];
    const last = await build(files, opts.tag, opts.labels);
    return {
      ...last,
      log: [...first.log, ...last.log],
      cachedSteps: sum(first.cachedSteps, last.cachedSteps),
      totalSteps: sum(first.totalSteps, last.totalSteps),
      // The engine's build-cache snapshots around each build are bookkeeping, as in a single build's time.
      ms: performance.now() - t0 - (first.snapshotMs ?? 0) - (last.snapshotMs ?? 0),
      snapshotMs: (first.snapshotMs ?? 0) + (last.snapshotMs ?? 0),
      contextBytes: first.contextBytes + last.contextBytes,
      buildImage: first.buildImage,
    };
  } finally {
    // No abort signal: clean-up must run after an abort too.
    if (opts.dropBuildImage)
      await release(
        `remove build image ${first.buildImage.tag}`,
        () => engine.removeImage(first.buildImage.tag),
        opts.note,
      );
  }
}

/** Build the build image, tagged and labelled `temp` (the run's clean-up removes it), and measure it. */
async function buildStepImage(
  engine: Engine,
  rv: RenderedVariant,
  step: BuildStep,
  opts: RenderedBuildOptions,
  edit: (files: ContextFile[]) => ContextFile[],
): Promise<BuildResult & { buildImage: BuildImageFacts }> {
  const tag = buildImageTag(opts.tag);
  const previous = await engine.inspectImage(tag, opts.signal);
  const result = await engine.build({
    files: edit(variantContext(opts.appDir, step.dockerfile, rv.variant.context)),
    dockerfile: DOCKERFILE_NAME,
    tag,
    labels: imageLabels(opts.runId, 'temp', tag, { [LABEL.variant]: rv.variant.id, [LABEL.profile]: rv.profile.id }),
    builder: opts.builder,
    noCache: opts.noCache ?? false,
    retryRace: opts.retryRace ?? false,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    note: opts.note,
    ...(opts.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: opts.sourceDateEpoch }),
  });
  if (previous && previous.id !== result.imageId && ownsImage(previous)) {
    // The tag moved on: the old image is no longer ours by tag, so remove it now or never. Not forced.
    await release(
      `remove the image ${tag} held before (${previous.id})`,
      () => engine.removeImage(previous.id),
      opts.note,
    );
  }
  const info = await engine.inspectImage(tag, opts.signal);
  if (!info) throw new EngineError('inspect image', tag, 'the build image is missing right after its build');
  const size = (await imageBytes(engine, tag, info, opts.signal)).bytes;
  return { ...result, buildImage: { tag, imageId: result.imageId, size } };
}

/** `docker create` + `docker cp`: read each file out of a container that is never started. */
async function copyOut(
  engine: Engine,
  image: BuildImageFacts,
  step: BuildStep,
  opts: RenderedBuildOptions,
): Promise<ContextFile[]> {
  // A command only so that images without CMD can be created; the container never runs.
  const id = await engine.createContainer({
    image: image.tag,
    labels: containerLabels(opts.runId),
    cmd: ['/copy-out-only'],
    signal: opts.signal,
  });
  try {
    const files: ContextFile[] = [];
    for (const c of step.copyOut) {
      const content = await engine.readFile(id, c.from, opts.signal);
      if (!content) throw new Error(`copy-out: ${c.from} is not in the build image ${image.tag}`);
      // docker cp keeps the built binary's mode; the engine hands back bytes only, and every copy-out is a program.
      files.push({ name: c.to, content, mode: 0o755 });
    }
    return files;
  } finally {
    // A failed removal must not hide the copy's own error; the run's clean-up removes the container by its label.
    await release(`remove copy container ${id}`, () => engine.removeContainer(id), opts.note);
  }
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

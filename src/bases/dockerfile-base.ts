/** Builds a Dockerfile base, reads the version it wrote, and stamps that version on as a label. */
import type { BuildRequest, Engine } from '../engine/engine.js';
import { LABEL } from '../engine/engine.js';
import { containerLabels } from '../engine/labels.js';
import { EngineError, oneLine } from '../errors.js';
import { type DockerfileBase, VERSION_FILE } from './catalog.js';

/** apt installs take 30–60 s here; twenty minutes is for a slow mirror. */
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** Options for one Dockerfile base build. */
export interface DockerfileBaseOptions {
  runId: string;
  signal?: AbortSignal;
  onStep?: (msg: string) => void;
}

/**
 * Build `spec` as `spec.ref` with BuildKit, or with the classic builder on an engine without BuildKit (Podman: its
 * Buildah runs these multi-stage Dockerfiles as they are); returns the stamped image id and the version it recorded.
 */
export async function buildDockerfileBase(
  engine: Engine,
  spec: DockerfileBase,
  labels: Record<string, string>,
  opts: DockerfileBaseOptions,
): Promise<{ imageId: string; version: string }> {
  // The unstamped image gets its own tag, so `ref` only ever names a complete, version-labelled base.
  const partial = `${spec.ref}-partial`;
  const signal = opts.signal ? { signal: opts.signal } : {};
  const kind = engine.kind ? await engine.kind(opts.signal) : null;
  const builder = kind?.noBuildkit ? 'classic' : 'buildkit';
  if (kind?.noBuildkit) opts.onStep?.(`${spec.ref}: classic builder (${kind.noBuildkit})`);
  // Never `pull`: it would look the local-only `FROM local/...` images up on Docker Hub: the engine answers with a registry lookup error for a reference it could have built from.
  const request = (tag: string, dockerfile: string, l: Record<string, string>): BuildRequest => ({
    files: [{ name: 'Dockerfile', content: Buffer.from(dockerfile) }],
    dockerfile: 'Dockerfile',
    tag,
    labels: l,
    builder,
    // A base's build time is a progress line, not a figure: the engine's content-lock race is simply retried.
    retryRace: true,
    timeoutMs: BUILD_TIMEOUT_MS,
    note: opts.onStep,
    ...signal,
  });
  try {
    const first = await engine.build(request(partial, spec.dockerfile, labels));
    const version = await readVersion(engine, first.imageId, spec.ref, opts);
    // A metadata-only build: no layer is added, only the label. FROM names the tag, not the id: BuildKit reads
    // `FROM sha256:...` as docker.io/library/sha256 and asks Docker Hub.
    const stamp = `FROM ${partial}\nLABEL ${LABEL.baseVersion}=${JSON.stringify(version)}\n`;
    const stamped = await engine.build(request(spec.ref, stamp, { ...labels, [LABEL.baseVersion]: version }));
    return { imageId: stamped.imageId, version };
  } finally {
    // No abort signal: clean-up must run after an abort too. A failed clean-up must not hide the build's own error.
    await engine
      .removeImage(partial)
      .catch((err: unknown) => opts.onStep?.(`warning: could not remove ${partial}: ${oneLine(err)}`));
  }
}

/** Read VERSION_FILE from a created, never started, container of `imageId`. */
async function readVersion(engine: Engine, imageId: string, ref: string, opts: DockerfileBaseOptions): Promise<string> {
  const signal = opts.signal ? { signal: opts.signal } : {};
  const id = await engine.createContainer({
    image: imageId,
    labels: containerLabels(opts.runId),
    // Only so that a base without CMD (distroless) can be created; the container is never started.
    cmd: ['/read-version-only'],
    ...signal,
  });
  try {
    const text = (await engine.readFile(id, VERSION_FILE, opts.signal))?.toString('utf8').trim();
    if (!text) throw new EngineError('read version', ref, `${VERSION_FILE} is missing or empty in the built image`);
    return text;
  } finally {
    await engine
      .removeContainer(id)
      .catch((err: unknown) =>
        opts.onStep?.(`warning: could not remove container ${id.slice(0, 12)}: ${oneLine(err)}`),
      );
  }
}

/** One image pushed once to the harness's registry, for the node to pull again and again; disposing it deletes it. */
import { randomBytes } from 'node:crypto';
import { releaseOnDispose } from '../disposable.js';
import type { Engine } from '../engine/engine.js';
import type { CleanupNote } from '../errors.js';
import type { LocalRegistry } from './local-registry.js';
import { compressedSize, type ImageManifest } from './manifest.js';
import { deleteImage, fetchManifest, warmUp } from './registry-client.js';

export interface PullTimingOptions {
  /** Tag in the registry. @default a fresh random tag */
  tag?: string;
  signal?: AbortSignal;
  /** Told when a clean-up fails: the tag of a failed push, the manifest's deletion at disposal. */
  note?: CleanupNote | undefined;
}

/** An image pushed to the registry, ready to be pulled again and again; disposing it deletes the manifest once. */
export interface PullTiming extends AsyncDisposable {
  /** `<registry host>/<repo>:<tag>`; no local tag of it is kept. */
  ref: string;
  repo: string;
  tag: string;
  /** Manifest digest the push reported, `sha256:…`. */
  digest: string;
  /** Wall time of tag + push, ms. */
  pushMs: number;
  /** Σ compressed layer sizes in the registry's manifest, bytes: what a pull downloads. */
  image_size_compressed: number;
  layers: number;
  /** The registry's manifest of the image: its media type and each layer's media type, digest and bytes. */
  manifest: ImageManifest;
  /** Delete the manifest from the registry (blobs stay until the registry's storage is deleted). */
  dispose(): Promise<void>;
}

/** How long deleting the manifest may take, ms. */
const DELETE_MS = 10_000;

const REPO = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** Push `image` to `registry` as `<repo>:<tag>` and return what the registry holds of it. */
export async function preparePullTiming(
  engine: Engine,
  registry: LocalRegistry,
  image: string,
  repo: string,
  opts: PullTimingOptions = {},
): Promise<PullTiming> {
  if (!REPO.test(repo)) throw new Error(`pull timing: repository name "${repo}" is not valid (lower-case a-z0-9._-/)`);
  const tag = opts.tag ?? `t${randomBytes(6).toString('hex')}`;
  const ref = `${registry.host}/${repo}:${tag}`;
  const signal = opts.signal;
  const so = signal ? { signal } : {};
  const info = await engine.inspectImage(image, signal);
  if (!info) throw new Error(`pull timing: image ${image} does not exist`);
  // Untagging the registry ref below would delete an image that has no other tag.
  if (info.tags.filter((t) => t !== ref).length === 0) throw new Error(`pull timing: image ${image} has no tag`);
  const push = await engine.pushImage(image, ref, signal, opts.note);
  // The pushed copy is what gets pulled; the local registry tag is only in the way of later removals.
  await engine.removeImage(ref, so);
  await warmUp(registry.host, signal);
  const { manifest, digest } = await fetchManifest(registry.host, repo, tag, so);
  if (digest !== push.digest) {
    throw new Error(`pull timing: the push of ${ref} reported ${push.digest} but the registry serves ${digest}`);
  }
  const size = compressedSize(manifest);
  // Not the run's signal: the manifest is deleted after an abort too; bounded, so a registry that hangs cannot hold the run.
  const dispose = () => deleteImage(registry.host, repo, digest, AbortSignal.timeout(DELETE_MS));
  return {
    ref,
    repo,
    tag,
    digest,
    pushMs: push.ms,
    image_size_compressed: size,
    layers: manifest.layers.length,
    manifest,
    dispose,
    ...releaseOnDispose(`delete ${ref} from the registry`, dispose, opts.note),
  };
}

/** Pull timing for one image: push it once, then time cold pulls, direct or through a capped link. */
import { randomBytes } from 'node:crypto';
import { releaseOnDispose } from '../disposable.js';
import type { Engine } from '../engine/engine.js';
import type { CleanupNote } from '../errors.js';
import type { LocalRegistry } from './local-registry.js';
import { compressedSize } from './manifest.js';
import { coldPull, deleteImage, fetchManifest, warmUp } from './registry-client.js';
import { startThrottleProxy } from './throttle-proxy.js';

/** How `pullAt` gets its figure: a real pull through the throttle proxy, or loopback pull + transfer time. */
export type LinkMethod = 'throttled' | 'derived';

export interface PullTimingOptions {
  /** Tag in the registry. @default a fresh random tag */
  tag?: string;
  signal?: AbortSignal;
  /** Longest transfer `pullAt` really runs through the proxy, ms; a longer one is derived. @default 10000 */
  maxThrottledMs?: number;
  /** Told when a clean-up fails: the tag of a failed push, a proxy's close, the manifest's deletion at disposal. */
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
  /** One cold pull by the harness (fetch, sha256, gunzip, untar; no daemon cache), ms. Repeatable. */
  pullCold(): Promise<number>;
  /** Which method `pullAt(bitsPerSecond)` uses; known before the call. */
  linkMethod(bitsPerSecond: number): LinkMethod;
  /**
   * Cold pull through a throttling proxy at `bitsPerSecond` (e.g. 100e6, 1e9), ms. Only for a link whose method is
   * `throttled`; a longer transfer is derived (derivedPullMs), never measured, and this refuses it.
   */
  pullAt(bitsPerSecond: number): Promise<number>;
  /** Delete the manifest from the registry (blobs stay until the registry's storage is deleted). */
  dispose(): Promise<void>;
}

/** How long deleting the manifest may take, ms. */
const DELETE_MS = 10_000;

const REPO = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** Transfer time of `bytes` over `bitsPerSecond`, ms. */
export function transferMs(bytes: number, bitsPerSecond: number): number {
  return ((bytes * 8) / bitsPerSecond) * 1000;
}

/**
 * A derived link pull from the loopback pull's median: download and decompression overlap, so the slower of the two
 * sets the pace (throttled pulls of a 50 MB image land within a few % of this).
 */
export function derivedPullMs(loopbackMs: number, bytes: number, bitsPerSecond: number): number {
  return Math.max(loopbackMs, transferMs(bytes, bitsPerSecond));
}

/** Push `image` to `registry` as `<repo>:<tag>` and return the pull timers for it. */
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
  const maxThrottledMs = opts.maxThrottledMs ?? 10_000;
  const linkMethod = (bps: number): LinkMethod => {
    if (!(bps > 0)) throw new Error(`pull timing: link speed must be a positive bits/s, got ${bps}`);
    return transferMs(size, bps) <= maxThrottledMs ? 'throttled' : 'derived';
  };
  const pullCold = async () => (await coldPull(registry.host, repo, tag, so)).ms;
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
    pullCold,
    linkMethod,
    async pullAt(bps) {
      if (linkMethod(bps) === 'derived') {
        const s = Math.round(transferMs(size, bps) / 1000);
        throw new Error(
          `pull timing: ${size} bytes at ${bps / 1e6} Mbit/s would take ${s} s, over the ${maxThrottledMs / 1000} s a throttled pull may run; derive it with derivedPullMs`,
        );
      }
      await using proxy = await startThrottleProxy(registry.port, bps / 8, { note: opts.note });
      return (await coldPull(`127.0.0.1:${proxy.port}`, repo, tag, so)).ms;
    },
    dispose,
    ...releaseOnDispose(`delete ${ref} from the registry`, dispose, opts.note),
  };
}

/** A cold pull through the daemon, done only when it needs no image the image's own tags do not name. */
import type { Engine, ImageInfo } from '../engine/engine.js';
import { oneLine } from '../errors.js';
import { fetchManifest } from './registry-client.js';

/** A daemon pull that downloaded every layer, or why none was done (or why it was not cold). */
export type EngineColdPull = { ms: number; layers: number } | { skipped: string };

/** `host:port/repo:tag` → parts. */
function parseRegistryRef(ref: string): { host: string; repo: string; tag: string } {
  const m = /^([^/]+)\/(.+):([\w][\w.-]*)$/.exec(ref);
  if (!m?.[1] || !m[2] || !m[3]) throw new Error(`engine cold pull: "${ref}" is not <host:port>/<repo>:<tag>`);
  return { host: m[1], repo: m[2], tag: m[3] };
}

function nameOf(i: ImageInfo): string {
  return i.tags[0] ?? i.id.slice(7, 19);
}

/**
 * Remove `image` (all its tags), pull `registryRef` through the daemon, then give the pulled image the old tags back.
 * Only when no other local image shares a layer with it: removing those is not this function's to do, and without
 * that no pull is cold: the engine skips every layer it already holds ("Already exists"). A pull that still finds a layer (held by build-cache records) is
 * reported as skipped, with the image restored. `buildCacheSince` (ms epoch, the run's start) prunes the run's own
 * build-cache records between removal and pull, so a BuildKit-built image can be pulled cold; later builds then
 * start without that cache.
 */
export async function enginePullCold(
  engine: Engine,
  image: string,
  registryRef: string,
  opts: { signal?: AbortSignal; buildCacheSince?: number } = {},
): Promise<EngineColdPull> {
  const signal = opts.signal;
  const so = signal ? { signal } : {};
  const info = await engine.inspectImage(image, signal);
  if (!info) throw new Error(`engine cold pull: image ${image} does not exist`);
  const tags = info.tags.filter((t) => t !== registryRef);
  if (tags.length === 0) return { skipped: `${image} has no tag to give back after the pull` };
  const own = new Set(info.layers);
  const sharing: string[] = [];
  for (const other of await engine.listImages([], signal)) {
    if (other.id === info.id) continue;
    const o = await engine.inspectImage(other.id, signal);
    if (o?.layers.some((l) => own.has(l))) sharing.push(nameOf(o));
  }
  if (sharing.length > 0) {
    const more = sharing.length > 3 ? ` and ${sharing.length - 3} more` : '';
    return { skipped: `layers shared with ${sharing.slice(0, 3).join(', ')}${more}` };
  }
  // The registry must serve the image before the local copy goes: the pull is what brings it back.
  const r = parseRegistryRef(registryRef);
  await fetchManifest(r.host, r.repo, r.tag, so);

  const removed: string[] = [];
  try {
    for (const t of info.tags) {
      await engine.removeImage(t, so);
      removed.push(t);
    }
  } catch (err) {
    for (const t of removed) await engine.tagImage(info.id, t, signal);
    return { skipped: `${image} could not be removed for the pull: ${oneLine(err)}` };
  }
  if (await engine.inspectImage(info.id, signal)) {
    for (const t of removed) await engine.tagImage(info.id, t, signal);
    return { skipped: `${image} is still present after removing its tags` };
  }
  // BuildKit cache records keep the layers of what was built; once the image is gone the run's own can go too.
  if (opts.buildCacheSince !== undefined) await engine.pruneBuildCacheSince(opts.buildCacheSince, signal);
  let pulled: Awaited<ReturnType<Engine['pullImage']>>;
  try {
    pulled = await engine.pullImage(registryRef, signal);
  } catch (err) {
    throw new Error(`engine cold pull: ${image} was removed and pulling ${registryRef} failed: ${oneLine(err)}`, {
      cause: err,
    });
  }
  const back = await engine.inspectImage(registryRef, signal);
  for (const t of tags) await engine.tagImage(registryRef, t, signal);
  if (!info.tags.includes(registryRef)) await engine.removeImage(registryRef, so);
  if (back?.id !== info.id) {
    throw new Error(`engine cold pull: pulling ${registryRef} gave ${back?.id ?? 'nothing'}, not ${info.id}`);
  }
  if (pulled.layersAlreadyExist > 0) {
    const n = pulled.layersAlreadyExist;
    const total = n + pulled.layersDownloaded;
    return { skipped: `not cold: ${n} of ${total} layer(s) already existed (build-cache records can hold layers)` };
  }
  return { ms: pulled.ms, layers: pulled.layersDownloaded };
}

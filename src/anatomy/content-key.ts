/**
 * Whether two images are the same, file for file: a digest of each layer's files (path, kind, mode, owner, size,
 * link and content digest, with its deletions), bottom first, and of how the image runs. Timestamps are left out,
 * so two builds of the same files that differ only in when they ran are the same image; labels are left out, as
 * they name the run and the variant rather than what runs.
 */
import { createHash } from 'node:crypto';
import type { LayerFiles } from './layer-files.js';
import type { SavedImage } from './read-saved-image.js';

/** One layer's files, as a digest: equal for two layers that hold the same files, whatever their timestamps. */
export function layerContentDigest(layer: LayerFiles): string {
  const entries = layer.entries
    .map((e) => [e.path, e.kind, e.mode & 0o7777, e.uid, e.gid, e.size, e.link, e.sha256].join('\0'))
    .sort();
  const text = JSON.stringify({
    entries,
    whiteouts: [...layer.whiteouts].sort(),
    opaqueDirs: [...layer.opaqueDirs].sort(),
  });
  return createHash('sha256').update(text).digest('hex');
}

/** The image's content key: `sha256:` over its layers' content digests, bottom first, and its runtime config. */
export function contentKey(saved: SavedImage): string {
  const text = JSON.stringify({ layers: saved.layers.map(layerContentDigest), runtime: saved.runtime });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

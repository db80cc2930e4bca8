/**
 * The uncompressed size overlay2 gives a layer, computed from the layer's own tarball, so that an image's size
 * means the same on every engine and image store.
 *
 * overlay2 (moby daemon/graphdriver/overlay2) sizes a layer in one of two ways:
 * - a layer BuildKit commits is sized from its tar stream: the tar sizes of regular files, with symlinks, hard
 *   links, directories and whiteouts counting 0;
 * - a layer `docker import` applies is sized by walking its directory (`directory.Size`): every non-directory
 *   counts its lstat size once per inode, which adds each symlink's target length to the regular files.
 * The rule here follows both: regular-file bytes for every layer, plus symlink target bytes (UTF-8) for layers the
 * image config marks as imported. The bench's Debian bases are imported, so their figure matches overlay2's to the
 * byte; a layer overlay2 itself received by `docker pull` may differ from this by its symlink bytes.
 */
import type { LayerFiles } from './layer-files.js';
import type { SavedLayer } from './read-saved-image.js';

/** Regular-file and symlink-target bytes of one layer. */
export interface LayerBytes {
  /** Σ tar sizes of regular files (hard links, directories, whiteouts: 0), bytes. */
  regular: number;
  /** Σ target lengths of symlinks, UTF-8 bytes. */
  symlinks: number;
}

/** Regular-file and symlink bytes of a layer's entries, every header counted as it passes, as a tar stream is. */
export function layerBytes(layer: LayerFiles): LayerBytes {
  let regular = 0;
  let symlinks = 0;
  for (const e of layer.entries) {
    if (e.kind === 'file') regular += e.size;
    else if (e.kind === 'symlink') symlinks += Buffer.byteLength(e.link, 'utf8');
  }
  return { regular, symlinks };
}

/** The bytes overlay2 would record for this layer: symlink targets count only in an imported layer. */
export function overlay2LayerBytes(layer: SavedLayer): number {
  const b = layerBytes(layer);
  return layer.imported ? b.regular + b.symlinks : b.regular;
}

/** Where a layer's byte figure comes from, for the layer breakdown: the archive format and what was counted. */
export function layerBytesSource(layer: SavedLayer): string {
  const stored = layer.format === 'tar' ? 'uncompressed tar' : `${layer.format}-compressed tar`;
  const counted = layer.imported ? 'regular files + symlink targets (imported layer)' : 'regular files';
  return `docker save, ${stored}: ${counted}`;
}

/** An image's size as overlay2 reports it: the layers' bytes by the rule above, bytes. */
export function overlay2ImageBytes(layers: SavedLayer[]): number {
  return layers.reduce((sum, l) => sum + overlay2LayerBytes(l), 0);
}

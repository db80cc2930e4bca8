/** dive's most-asked view (dive#323): the final filesystem's files by size, each with the layer that put it there. */
import type { LargeFile } from '../types.js';
import { cleanInstruction } from './layer-report.js';
import type { MergedFilesystem } from './merged-filesystem.js';
import type { SavedImage } from './read-saved-image.js';

/** How many files the anatomy lists. */
export const LARGEST_FILES = 20;

/** The `count` largest regular files of `fs`, largest first (ties by path); the bottom `baseLayers` are the base's. */
export function largestFiles(
  saved: SavedImage,
  fs: MergedFilesystem,
  baseLayers: number,
  count = LARGEST_FILES,
): LargeFile[] {
  const top = [...fs.entries()]
    .filter(([, e]) => e.kind === 'file')
    .sort(([pa, a], [pb, b]) => b.size - a.size || (pa < pb ? -1 : pa > pb ? 1 : 0))
    .slice(0, count);
  // The config's steps that made a layer own the layers in order, bottom first (importedLayers checks they match).
  const owners = saved.steps.filter((s) => !s.emptyLayer);
  return top.map(([path, e]) => {
    const layer = saved.layers.findIndex((l) => l.entries.includes(e));
    const step = owners[layer];
    return {
      path,
      bytes: e.size,
      layer,
      instruction: step ? cleanInstruction(step.createdBy, step.comment) : '',
      fromBase: layer < baseLayers,
    };
  });
}

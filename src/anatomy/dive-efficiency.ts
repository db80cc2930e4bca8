/**
 * Wasted space and efficiency exactly as dive computes them (wagoodman/dive, filetree/efficiency.go and
 * image/analysis.go). Its rules, some of them surprising, are kept on purpose so the numbers compare:
 * - Per layer, only leaves of that layer's own tree count; a directory holding entries in the layer is not one.
 * - A whiteout counts 0 bytes when it deletes a file, and the whole subtree size when it deletes a directory.
 * - Opaque markers (`.wh..wh..opq`) are ignored.
 * - A path's waste is the sum of its sizes in every layer (the surviving copy included) once it occurs in two or
 *   more layers. So deleting a file wastes its size; overwriting a file wastes both copies; deleting a directory
 *   with one whiteout wastes nothing, since the directory's own path occurs once.
 * Where dive would abort a layer (a whiteout for a path that does not exist below), the whiteout counts 0 here; a
 * parent directory a layer only implies (docker always writes them) is not stacked over a real one as dive would.
 */
import path from 'node:path/posix';
import type { ImageAnatomy } from '../types.js';
import type { LayerEntry, LayerFiles } from './layer-files.js';
import { PathTree } from './path-tree.js';

/** dive's figures for a list of layers, bottom first. */
export interface DiveFigures {
  /** Sum of every tar entry's size in every layer (dive's image size), bytes. */
  totalLayerBytes: number;
  /** Sum of the sizes seen for each path that occurs in two or more layers, bytes. */
  wastedBytes: number;
  /** Sum over paths of the smallest size seen ÷ sum over paths of all sizes seen; 1 when nothing was seen. */
  efficiency: number;
  /** The same waste as dive would find in the first `checkpoint` layers alone, bytes. */
  wastedBytesAtCheckpoint: number;
}

interface PathStats {
  cumulative: number;
  min: number;
  seen: number;
}

interface Stacked {
  size: number;
  isDir: boolean;
}

/** A leaf of one layer's tree with the size dive gives it. */
interface Leaf {
  path: string;
  size: number;
}

function addAncestors(p: string, into: Set<string>): void {
  for (let d = path.dirname(p); d !== '/' && !into.has(d); d = path.dirname(d)) into.add(d);
}

function leavesOf(layer: LayerFiles, stacked: PathTree<Stacked>): Leaf[] {
  // A repeated path within one layer is one node in dive's tree: the last header wins.
  const entries = new Map<string, LayerEntry>();
  for (const e of layer.entries) entries.set(e.path, e);
  const parents = new Set<string>();
  for (const p of entries.keys()) addAncestors(p, parents);
  for (const p of layer.whiteouts) addAncestors(p, parents);
  for (const p of layer.opaqueDirs) addAncestors(p, parents);
  const leaves: Leaf[] = [];
  for (const [p, e] of entries) if (!parents.has(p)) leaves.push({ path: p, size: e.size });
  // The marker itself is dropped, but the directory it names is still a node of the layer's tree.
  for (const p of layer.opaqueDirs)
    if (p !== '' && !parents.has(p) && !entries.has(p)) leaves.push({ path: p, size: 0 });
  for (const p of layer.whiteouts) {
    const below = stacked.get(p);
    let size = 0;
    if (below?.isDir) for (const v of stacked.subtree(p)) size += v?.size ?? 0;
    leaves.push({ path: p, size });
  }
  return leaves;
}

function stack(stacked: PathTree<Stacked>, layer: LayerFiles): void {
  for (const p of layer.whiteouts) stacked.remove(p);
  for (const e of layer.entries) stacked.set(e.path, { size: e.size, isDir: e.kind === 'dir' });
}

function wasteOf(stats: Map<string, PathStats>): number {
  let wasted = 0;
  for (const s of stats.values()) if (s.seen >= 2) wasted += s.cumulative;
  return wasted;
}

/** dive's total, waste and efficiency for `layers` (bottom first); `checkpoint` also reports the waste of the bottom N alone. */
export function diveEfficiency(layers: LayerFiles[], checkpoint = 0): DiveFigures {
  if (!Number.isInteger(checkpoint) || checkpoint < 0 || checkpoint > layers.length) {
    throw new Error(
      `the base layer count must be an integer from 0 to ${layers.length} (the image's layers), got ${checkpoint}`,
    );
  }
  const stats = new Map<string, PathStats>();
  const stacked = new PathTree<Stacked>();
  let totalLayerBytes = 0;
  let wastedBytesAtCheckpoint = 0;
  layers.forEach((layer, index) => {
    for (const e of layer.entries) totalLayerBytes += e.size;
    for (const leaf of leavesOf(layer, stacked)) {
      const s = stats.get(leaf.path);
      if (s) {
        s.cumulative += leaf.size;
        s.min = Math.min(s.min, leaf.size);
        s.seen += 1;
      } else {
        stats.set(leaf.path, { cumulative: leaf.size, min: leaf.size, seen: 1 });
      }
    }
    stack(stacked, layer);
    if (index + 1 === checkpoint) wastedBytesAtCheckpoint = wasteOf(stats);
  });
  let minimum = 0;
  let discovered = 0;
  for (const s of stats.values()) {
    minimum += s.min;
    discovered += s.cumulative;
  }
  return {
    totalLayerBytes,
    wastedBytes: wasteOf(stats),
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    wastedBytesAtCheckpoint,
  };
}

/** The waste half of ImageAnatomy. */
export type WasteFacts = Pick<
  ImageAnatomy,
  'totalLayerBytes' | 'wastedBytes' | 'efficiency' | 'userWastedBytes' | 'userWastedShare'
>;

/**
 * dive's figures plus the share caused above the base: the waste of all layers minus the waste the bottom
 * `baseLayers` already had alone, so a later layer deleting or overwriting a base file counts as the user's.
 * `imageBytes` is the image's size (inspect Size), the denominator of userWastedShare.
 */
export function wasteFacts(layers: LayerFiles[], baseLayers: number, imageBytes: number): WasteFacts {
  const d = diveEfficiency(layers, baseLayers);
  const userWastedBytes = d.wastedBytes - d.wastedBytesAtCheckpoint;
  return {
    totalLayerBytes: d.totalLayerBytes,
    wastedBytes: d.wastedBytes,
    efficiency: d.efficiency,
    userWastedBytes,
    userWastedShare: imageBytes > 0 ? userWastedBytes / imageBytes : 0,
  };
}

/** The container's view of an image: layers stacked with overlay rules, and path lookup through symlinks. */
import path from 'node:path/posix';
import type { LayerEntry, LayerFiles } from './layer-files.js';
import { PathTree } from './path-tree.js';

/** The final filesystem: absolute path → the entry that survives there. */
export type MergedFilesystem = Map<string, LayerEntry>;

/** Linux gives up after 40 symlinks in one lookup (ELOOP); so do we. */
const MAX_HOPS = 40;

/** Stack `layers` (bottom first) as overlayfs does: whiteouts delete, opaque directories hide what lies below them. */
export function mergeLayers(layers: LayerFiles[]): MergedFilesystem {
  const tree = new PathTree<LayerEntry>();
  for (const layer of layers) {
    // Deletions apply to the lower layers only, so they come before this layer's own entries.
    for (const p of layer.whiteouts) tree.remove(p);
    for (const p of layer.opaqueDirs) tree.clearBelow(p);
    for (const e of layer.entries) {
      // A non-directory replacing a directory replaces its whole subtree.
      if (e.kind !== 'dir' && tree.get(e.path)?.kind === 'dir') tree.remove(e.path);
      tree.set(e.path, e);
    }
  }
  return new Map(tree.entries());
}

/** Where `p` really leads, following symlinks in every directory component and, if `followLast`, the last one too. */
export function resolvePath(
  fs: MergedFilesystem,
  p: string,
  followLast: boolean,
): { path: string; entry?: LayerEntry } {
  let todo = p.split('/').filter((s) => s !== '' && s !== '.');
  let cur = '';
  let hops = 0;
  for (let i = 0; i < todo.length; i++) {
    const name = todo[i] as string;
    if (name === '..') {
      cur = cur === '' ? '' : path.dirname(cur).replace(/^\/$/, '');
      continue;
    }
    const next = `${cur}/${name}`;
    const e = fs.get(next);
    if (e?.kind === 'symlink' && (i < todo.length - 1 || followLast)) {
      if (++hops > MAX_HOPS) return { path: next };
      const target = e.link.startsWith('/') ? e.link : `${cur}/${e.link}`;
      // Restart from the root: `cur` holds no symlinks, so re-walking it only costs lookups.
      todo = [...target.split('/').filter((s) => s !== '' && s !== '.'), ...todo.slice(i + 1)];
      cur = '';
      i = -1;
      continue;
    }
    cur = next;
  }
  const entry = fs.get(cur);
  return entry ? { path: cur || '/', entry } : { path: cur || '/' };
}

/** A regular file (a hard link is one too: it shares the file's inode and mode). */
export function isRegular(e: LayerEntry | undefined): e is LayerEntry {
  return e?.kind === 'file' || e?.kind === 'hardlink';
}

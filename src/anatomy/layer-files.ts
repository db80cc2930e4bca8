/** What one layer tarball says about each path: entries it adds or replaces, and the paths it deletes. */
import path from 'node:path/posix';
import type { Header } from 'tar-stream';
import type { Captured } from './file-capture.js';

/** A tar entry's type, reduced to what waste and attack surface need. */
export type EntryKind = 'file' | 'hardlink' | 'symlink' | 'dir' | 'other';

/** One path a layer adds or replaces. */
export interface LayerEntry {
  /** Absolute, normalised path: `/usr/bin/dash`. */
  path: string;
  /** Bytes of content as the tar header states it (0 for directories, symlinks and hard links). */
  size: number;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky. */
  mode: number;
  kind: EntryKind;
  /** Symlink target as written; for a hard link, the absolute path of the file it links to; otherwise ''. */
  link: string;
  /** Owner, as the tar header states it. */
  uid: number;
  gid: number;
  /** sha256 of a regular file's content, hex; '' for anything else. Two layers hold the same files when these agree. */
  sha256: string;
  /** What was kept of the content: a package database's text, a Go binary's build information; absent for the rest. */
  captured?: Captured;
}

/** The facts of one layer, in tar order. */
export interface LayerFiles {
  entries: LayerEntry[];
  /** Paths a `.wh.<name>` marker deletes from the layers below (a file or a whole directory). */
  whiteouts: string[];
  /** Directories a `.wh..wh..opq` marker makes opaque: everything below them from lower layers is hidden. */
  opaqueDirs: string[];
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** An empty layer to fill with `addHeader`. */
export function emptyLayer(): LayerFiles {
  return { entries: [], whiteouts: [], opaqueDirs: [] };
}

/** `./usr/bin/` → `/usr/bin`; `''` for the archive root. */
export function normalisePath(name: string): string {
  const p = path.normalize(`/${name}`);
  return p === '/' ? '' : p.replace(/\/+$/, '');
}

function kindOf(type: Header['type']): EntryKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'link':
      return 'hardlink';
    case 'symlink':
      return 'symlink';
    case 'directory':
      return 'dir';
    default:
      return 'other';
  }
}

/**
 * Record one inner tar header in `layer`: an entry, a whiteout or an opaque marker; `sha256` is a file's content
 * digest, `captured` what was kept of its content.
 */
export function addHeader(layer: LayerFiles, header: Header, sha256 = '', captured: Captured | null = null): void {
  const p = normalisePath(header.name);
  if (p === '') return;
  const base = path.basename(p);
  const dir = path.dirname(p);
  if (base === OPAQUE) {
    layer.opaqueDirs.push(dir === '/' ? '' : dir);
    return;
  }
  // Other `.wh..wh.` names are AUFS bookkeeping (e.g. `.wh..wh.plnk`), not deletions; dive skips them too.
  if (base.startsWith(`${WHITEOUT}${WHITEOUT}`)) return;
  if (base.startsWith(WHITEOUT)) {
    layer.whiteouts.push(path.join(dir, base.slice(WHITEOUT.length)));
    return;
  }
  const kind = kindOf(header.type);
  let link = '';
  if (kind === 'symlink') link = header.linkname ?? '';
  if (kind === 'hardlink') link = normalisePath(header.linkname ?? '');
  layer.entries.push({
    path: p,
    size: header.size ?? 0,
    mode: header.mode ?? 0,
    kind,
    link,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    sha256: kind === 'file' ? sha256 : '',
    ...(captured && kind === 'file' ? { captured } : {}),
  });
}

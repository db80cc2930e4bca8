/** What an attacker who gets into the container finds: executables, shells, package managers, setuid files. */
import path from 'node:path/posix';
import type { ImageAnatomy } from '../types.js';
import { isRegular, type MergedFilesystem, resolvePath } from './merged-filesystem.js';

/** The surface half of ImageAnatomy (the user comes from the image config, not the files). */
export type SurfaceFacts = Pick<ImageAnatomy, 'executables' | 'shells' | 'packageManagers' | 'setuidFiles'>;

/** Where shells and package managers live; earlier names are preferred when two are one directory (usrmerge). */
const BIN_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

/** Shell names; busybox counts because `busybox sh` is a shell even without an `sh` link. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'ksh93', 'mksh', 'csh', 'tcsh', 'fish', 'busybox']);

/** Package manager names → the name reported (pip3.11 is pip). */
function packageManagerName(base: string): string | null {
  if (/^pip[0-9.]*$/.test(base)) return 'pip';
  const known = ['apt', 'apt-get', 'dpkg', 'apk', 'yum', 'dnf', 'microdnf', 'tdnf', 'rpm', 'zypper', 'pacman', 'npm'];
  return known.includes(base) ? base : null;
}

const EXEC_BITS = 0o111;
const SETID_BITS = 0o6000;

/** Canonical bin directory → the first name in BIN_DIRS that leads to it (so `/usr/bin/sh` shows as `/bin/sh`). */
function binDirs(fs: MergedFilesystem): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const d of BIN_DIRS) {
    const r = resolvePath(fs, d, true);
    if (r.entry?.kind === 'dir' && !dirs.has(r.path)) dirs.set(r.path, d);
  }
  return dirs;
}

/** Does `p` lead (through any symlinks) to a regular file someone may execute? */
function runnable(fs: MergedFilesystem, p: string): boolean {
  const e = resolvePath(fs, p, true).entry;
  return isRegular(e) && (e.mode & EXEC_BITS) !== 0;
}

/** Executables, shells, package managers and setuid/setgid files of a merged filesystem. */
export function attackSurface(fs: MergedFilesystem): SurfaceFacts {
  let executables = 0;
  const setuidFiles: string[] = [];
  const shells: string[] = [];
  const managers = new Set<string>();
  const dirs = binDirs(fs);
  for (const [p, e] of fs) {
    if (isRegular(e) && (e.mode & EXEC_BITS) !== 0) executables += 1;
    if (isRegular(e) && (e.mode & SETID_BITS) !== 0) setuidFiles.push(p);
    const shown = dirs.get(path.dirname(p));
    if (shown === undefined) continue;
    const base = path.basename(p);
    const manager = packageManagerName(base);
    if (!SHELLS.has(base) && manager === null) continue;
    // `/bin/sh -> dash` is a shell; a dangling link or a non-executable file is not.
    if (!runnable(fs, p)) continue;
    if (SHELLS.has(base)) shells.push(`${shown}/${base}`);
    if (manager !== null) managers.add(manager);
  }
  return {
    executables,
    shells: shells.sort(),
    packageManagers: [...managers].sort(),
    setuidFiles: setuidFiles.sort(),
  };
}

/**
 * The output folder, checked and created in bounded time. Node's recursive mkdir loops for ever on some
 * pseudo-filesystems (under /proc a new folder's creation answers ENOENT although its parent exists, and the recursion
 * climbs and retries), so every folder here is created by one non-recursive call per path component: the work is
 * bounded by the path's depth, whatever the file system answers.
 */
import type { Stats } from 'node:fs';
import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Errno codes in words, for one-line problems. */
const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'a read-only file system',
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'a path too long for the file system',
  ENOSPC: 'no space left',
  ENOENT: 'the file system refuses to create it',
};

function words(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && WORDS[code]) return `${WORDS[code]}, ${code}`;
  return code ?? String((err as Error)?.message ?? err);
}

/** A folder that cannot be used, with the reason in one line. */
export class FolderError extends Error {
  constructor(
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`${folder}: ${reason}`);
    this.name = 'FolderError';
  }
}

/** stat, with "not there" (ENOENT, or ENOTDIR for a path through a file) as null; anything else is thrown. */
async function statOrNull(p: string): Promise<Stats | null> {
  return stat(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
}

/** The nearest existing ancestor of `abs` (itself included) and its stat; throws FolderError on a loop or denial. */
async function nearestExisting(abs: string): Promise<{ at: string; st: Stats }> {
  for (let at = abs; ; at = path.dirname(at)) {
    const st = await statOrNull(at).catch((err) => {
      throw new FolderError(at, `cannot be read (${words(err)})`);
    });
    if (st) return { at, st };
    if (path.dirname(at) === at) throw new FolderError(abs, 'no part of this path exists');
  }
}

/**
 * Why `dir` cannot be the output folder, or null when a file can be written there. Nothing is left behind: the probe
 * file, or the one folder created to prove a missing one can be made, is removed again; a probe that cannot be
 * removed is named in the answer.
 */
export async function outFolderProblem(dir: string): Promise<string | null> {
  const abs = path.resolve(dir);
  let found: { at: string; st: Stats };
  try {
    found = await nearestExisting(abs);
  } catch (err) {
    return err instanceof FolderError ? `${err.folder === abs ? '' : `${err.folder} `}${err.reason}` : words(err);
  }
  const { at, st } = found;
  if (!st.isDirectory()) return at === abs ? 'is a file, not a folder' : `${at} is a file, not a folder`;
  if (at === abs) {
    const probe = path.join(abs, `.imagediet-probe.${process.pid}.tmp`);
    try {
      await writeFile(probe, '', { flag: 'wx' });
    } catch (err) {
      return `cannot write there (${words(err)})`;
    }
    return rm(probe, { force: true }).then(
      () => null,
      (err) => `${probe} cannot be removed (${words(err)})`,
    );
  }
  // The first missing folder stands for all of them: made and removed, it proves the rest can be made.
  const first = path.join(at, path.relative(at, abs).split(path.sep)[0] as string);
  try {
    await mkdir(first);
  } catch (err) {
    return `cannot create ${first} (${words(err)})`;
  }
  return rmdir(first).then(
    () => null,
    (err) => `${first} was created to test the path and cannot be removed (${words(err)})`,
  );
}

/** Create `dir` and its missing parents, one non-recursive call per component; throws FolderError naming why not. */
export async function ensureFolder(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  const { at, st } = await nearestExisting(abs);
  if (!st.isDirectory()) throw new FolderError(at, 'is a file, not a folder');
  let current = at;
  for (const part of path.relative(at, abs).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    await mkdir(current).catch(async (err: NodeJS.ErrnoException) => {
      // Another process made it between the stat and here: as good, if it is a folder.
      if (err.code === 'EEXIST' && (await statOrNull(current))?.isDirectory()) return;
      throw new FolderError(current, `cannot be created (${words(err)})`);
    });
  }
}

/** The one place output files are written: renders are pure, this module owns the disk. */
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, oneLine } from '../errors.js';
import { ensureFolder, outFolderProblem } from '../files/out-folder.js';
import type { Output } from './outputs.js';
import type { RunView } from './view/run-view.js';

/**
 * Render `outputs` from `view` and write each into outDir atomically; an output with nothing to render removes its
 * stale file, and a folder output removes the files of its kind that this run did not write. Returns the paths written.
 */
export async function writeOutputs(outDir: string, view: RunView, outputs: readonly Output[]): Promise<string[]> {
  // Everything is rendered before the disk is touched, so a render bug cannot leave one new file beside old ones.
  const files: [string, string | null][] = [];
  for (const o of outputs) {
    if ('file' in o) files.push([o.file, await o.render(view)]);
    else {
      const set = o.render(view);
      const names = new Set(set.map(([name]) => name));
      const stale = (await filesIn(join(outDir, o.folder)))
        .filter((f) => f.endsWith(o.extension))
        .map((f) => `${o.folder}/${f}`)
        .filter((name) => !names.has(name));
      files.push(...set, ...stale.map((name): [string, null] => [name, null]));
    }
  }
  return writeFiles(outDir, files);
}

/** The names of the regular files in `dir`; none when it does not exist yet. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return [];
    throw err;
  });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/**
 * Write each `[name, text]` into outDir atomically, in order; a name may hold a subfolder (`hyperfine/startup.json`).
 * A null text removes the file. Returns the paths written.
 */
export async function writeFiles(outDir: string, files: readonly [string, string | null][]): Promise<string[]> {
  await ensureFolder(outDir);
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (text === null) await rm(path, { force: true });
    else {
      if (dirname(name) !== '.') await ensureFolder(dirname(path));
      await writeAtomic(path, text);
      written.push(path);
    }
  }
  return written;
}

/** Write a file so readers see the old content or the new, never half: temp file in the same folder, then rename. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    // The write error is the one that matters and is thrown; a temporary file that cannot be removed either is
    // said in the same message, with the write error kept as the cause.
    const left = await removeLeftover(tmp);
    if (left) throw new Error(`${oneLine(err)}; and ${tmp} is left behind: ${oneLine(left)}`, { cause: err });
    throw err;
  }
}

/**
 * Prove a file can be written in outDir, or create it later: throws a one-line InputError naming the fix. Creates
 * nothing that stays, so a command line rejected for another reason leaves no folder behind.
 */
export async function assertWritable(outDir: string): Promise<void> {
  const problem = await outFolderProblem(outDir);
  if (problem) throw new InputError([`--out "${outDir}": ${problem}; choose a writable folder with --out`]);
}

/**
 * Remove a file a failed write may have left; resolves to why it is still there, or null. No file is no failure:
 * ENOENT (force), and ENOTDIR, a path through a regular file, where no file can be.
 */
async function removeLeftover(path: string): Promise<unknown> {
  return rm(path, { force: true }).then(
    () => null,
    (err: NodeJS.ErrnoException) => (err.code === 'ENOTDIR' ? null : err),
  );
}

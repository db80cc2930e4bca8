/** The one place report files are written: each render is pure, this module owns the disk. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, oneLine } from '../errors.js';
import { ensureFolder, outFolderProblem } from '../files/out-folder.js';
import type { RunResult } from '../types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { type MarkdownCharts, renderMarkdown } from './markdown.js';

/** File names inside the output folder. */
export const REPORT_FILES = { csv: 'results.csv', json: 'results.json', markdown: 'results.md' } as const;

/**
 * Write results.csv, results.json and results.md into outDir, each atomically; returns the paths written. `charts`
 * names the chart files beside results.md once a run is complete.
 */
export async function writeReports(
  outDir: string,
  result: RunResult,
  charts: MarkdownCharts | null = null,
): Promise<string[]> {
  await ensureFolder(outDir);
  const files: [string, string][] = [
    [join(outDir, REPORT_FILES.csv), renderCsv(result.measurements)],
    [join(outDir, REPORT_FILES.json), renderJson(result)],
    [join(outDir, REPORT_FILES.markdown), renderMarkdown(result, charts)],
  ];
  // Render everything before touching the disk, so a render bug cannot leave one new file beside two old ones.
  for (const [path, text] of files) await writeAtomic(path, text);
  return files.map(([path]) => path);
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

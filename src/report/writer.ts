/** The one place report files are written: each render is pure, this module owns the disk. */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, oneLine } from '../errors.js';
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
  await mkdir(outDir, { recursive: true });
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

/** Create outDir if missing and prove a file can be written there; throws a one-line error naming the fix. */
export async function assertWritable(outDir: string): Promise<void> {
  const fail = (why: string): never => {
    throw new InputError([`--out "${outDir}": ${why}; choose a writable folder with --out`]);
  };
  // Any stat failure means only "not known to be there": mkdir below meets the same cause and names its code.
  const existing = await stat(outDir).catch(() => null);
  if (existing && !existing.isDirectory()) fail('is a file, not a folder');
  const probe = join(outDir, `.imagediet-probe.${process.pid}.tmp`);
  try {
    await mkdir(outDir, { recursive: true });
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
  } catch (err) {
    // A probe file that cannot be removed either is named in the same line.
    const left = await removeLeftover(probe);
    fail(`cannot write there (${errorCode(err)})${left ? `; ${probe} is left behind (${errorCode(left)})` : ''}`);
  }
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

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

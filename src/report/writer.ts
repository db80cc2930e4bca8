/** The one place report files are written: each render is pure, this module owns the disk. */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
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
    // Clean-up must not hide the write error that matters.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Create outDir if missing and prove a file can be written there; throws a one-line error naming the fix. */
export async function assertWritable(outDir: string): Promise<void> {
  const fail = (why: string): never => {
    throw new InputError([`--out "${outDir}": ${why}; choose a writable folder with --out`]);
  };
  const existing = await stat(outDir).catch(() => null);
  if (existing && !existing.isDirectory()) fail('is a file, not a folder');
  const probe = join(outDir, `.imagediet-probe.${process.pid}.tmp`);
  try {
    await mkdir(outDir, { recursive: true });
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
  } catch (err) {
    await rm(probe, { force: true }).catch(() => undefined);
    fail(`cannot write there (${errorCode(err)})`);
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

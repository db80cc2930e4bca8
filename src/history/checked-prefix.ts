/**
 * What the last history append left beside history.csv: how many bytes of it were parsed and found good then, their
 * digest, the column list in force at their end, and their line count. Every command line checks the history before
 * it answers; with this, it parses only what was added since (a history grows by a run's rows every night), and a
 * digest that no longer matches (the file was edited) means a full parse, as without it.
 */
import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readUserFile } from '../files/user-file.js';

/** The checked beginning of a history file. */
export interface CheckedPrefix {
  bytes: number;
  /** sha256 of those bytes, hex. */
  sha256: string;
  /** The column list in force at their end. */
  columns: string[];
  /** Newlines in them: the next line's number is this + 1. */
  lines: number;
}

const FILE = 'history.checked.json';

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function newlines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** The record in `outDir`, or null when there is none or it cannot be used (then the whole history is parsed). */
export async function readCheckedPrefix(outDir: string): Promise<CheckedPrefix | null> {
  try {
    const p = JSON.parse((await readUserFile(join(outDir, FILE), 1024 * 1024)) ?? 'null') as Partial<CheckedPrefix>;
    const ok =
      typeof p?.bytes === 'number' &&
      typeof p.sha256 === 'string' &&
      typeof p.lines === 'number' &&
      Array.isArray(p.columns) &&
      p.columns.every((c) => typeof c === 'string');
    return ok ? (p as CheckedPrefix) : null;
  } catch {
    // Unreadable or not JSON: it only ever saves time, so without it the history is parsed whole.
    return null;
  }
}

/** Do the first `prefix.bytes` of `file` still hold what was checked? */
export function prefixHolds(file: Buffer, prefix: CheckedPrefix): boolean {
  return prefix.bytes <= file.length && digest(file.subarray(0, prefix.bytes)) === prefix.sha256;
}

/** Record `file` (all of it parsed and good) as checked, ending with `columns`; written whole or not at all. */
export async function writeCheckedPrefix(outDir: string, file: Buffer, columns: readonly string[]): Promise<void> {
  const record: CheckedPrefix = {
    bytes: file.length,
    sha256: digest(file),
    columns: [...columns],
    lines: newlines(file),
  };
  const path = join(outDir, FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record)}\n`);
  await rename(tmp, path);
}

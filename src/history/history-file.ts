/** history.csv: append-only, one locked append per run; a file that does not parse is refused and never rewritten. */
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readUserBytes, readUserFile } from '../files/user-file.js';
import { MEASUREMENT_COLUMNS, type Measurement } from '../types.js';
import { prefixHolds, readCheckedPrefix, writeCheckedPrefix } from './checked-prefix.js';
import { parseHistory, parseHistoryFile } from './parse-history.js';

const HISTORY_FILE = 'history.csv';

/** Path of the history file in an output folder. */
export const historyPath = (outDir: string) => join(outDir, HISTORY_FILE);

/** Every row of the history in `outDir` (empty when there is none yet). Throws HistoryError naming the bad line. */
export async function readHistory(outDir: string): Promise<Measurement[]> {
  const file = historyPath(outDir);
  // Read only as a regular file: a FIFO or a device in its place would block or never end.
  return parseHistory((await readUserFile(file)) ?? '', file);
}

/**
 * Check that the history in `outDir` parses, as every command line does before it answers: the beginning an earlier
 * append recorded as good is verified by its digest, and only what follows it is parsed. Throws as readHistory does.
 */
export async function checkHistory(outDir: string): Promise<void> {
  const file = historyPath(outDir);
  const bytes = await readUserBytes(file);
  if (!bytes) return;
  const prefix = await readCheckedPrefix(outDir);
  if (prefix && prefixHolds(bytes, prefix))
    parseHistoryFile(bytes.subarray(prefix.bytes).toString('utf8'), file, prefix);
  else parseHistory(bytes.toString('utf8'), file);
}

/**
 * Append one run's rows. Under an exclusive lock (so two runs never interleave) the file is parsed again, and only
 * then extended with a single write; a file that does not parse is left byte for byte as it was.
 */
export async function appendHistory(outDir: string, rows: Measurement[]): Promise<number> {
  if (rows.length === 0) return 0;
  const file = historyPath(outDir);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  // proper-lockfile locks an existing file; create it empty first (flag wx: never truncate a file someone else made).
  // EEXIST is another run creating it between the stat and here, which is as good; anything else is thrown.
  if (!exists)
    await writeFile(file, '', { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  // Loaded here, not at the top: the input check reads the history too, and a rejected command line should not pay
  // for the lock and the CSV writer.
  const [{ default: lockfile }, { renderCsv }] = await Promise.all([
    import('proper-lockfile'),
    import('../report/format/csv.js'),
  ]);
  const release = await lockfile.lock(file, {
    retries: { retries: 60, minTimeout: 100, maxTimeout: 1000 },
    stale: 30_000,
    realpath: false,
  });
  try {
    const text = await readFile(file, 'utf8');
    const { columns } = parseHistoryFile(text, file);
    const csv = renderCsv(rows);
    // The header goes in when the file is new, and again when the file's last header is an earlier column list
    // (nothing above it is rewritten); a last line missing its newline gets one first.
    const current = columns !== null && columns.join(',') === MEASUREMENT_COLUMNS.join(',');
    const lead = text.trim() === '' || text.endsWith('\n') ? '' : '\n';
    const body = lead + (current ? csv.slice(csv.indexOf('\n') + 1) : csv);
    await appendFile(file, body, 'utf8');
    // Still under the lock: what is there now parsed (the old part just now, the new part is ours).
    await writeCheckedPrefix(outDir, await readFile(file), MEASUREMENT_COLUMNS);
    return rows.length;
  } finally {
    await release();
  }
}

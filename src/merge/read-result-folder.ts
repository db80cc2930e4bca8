/** Read a result folder's results.json for merging; a missing or foreign file is a one-line problem. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { completeReport } from '../report/complete-report.js';
import { REPORT_FILES } from '../report/writer.js';
import type { RunResult } from '../types.js';
import type { MergeInput } from './merge-results.js';

/** Load `<dir>/results.json`; returns the input or a problem naming the folder and the fix. */
export async function readResultFolder(dir: string): Promise<MergeInput | { problem: string }> {
  const file = join(dir, REPORT_FILES.json);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      problem:
        code === 'ENOENT'
          ? `merge: ${dir} has no ${REPORT_FILES.json}; pass folders written by the bench (--out)`
          : `merge: ${file} does not parse (${(err as Error).message}); re-run that shard`,
    };
  }
  const r = data as Partial<RunResult>;
  if (typeof r?.runId !== 'string' || !Array.isArray(r.measurements) || !Array.isArray(r.variants))
    return { problem: `merge: ${file} is not an imagediet results.json (no runId, variants, measurements)` };
  // Results written before these fields existed still merge.
  const variants = r.variants.map((v) => ({ ...completeReport(v), order: v.order ?? 0 }));
  return { dir, result: { shard: null, ...r, variants } as RunResult };
}

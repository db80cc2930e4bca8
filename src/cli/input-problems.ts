/**
 * All input problems of a command line at once: argument errors, the plan's (templates, values, profile), --out and its
 * history; for `bases`, the base ids and Go versions.
 */
import { InputError, oneLine } from '../errors.js';
import { readHistory } from '../history/history-file.js';
import { HistoryError } from '../history/parse-history.js';
import { assertWritable } from '../report/writer.js';
import { makePlan } from '../run/plan.js';
import { basesProblems } from './commands/bases-problems.js';
import type { Parsed } from './parse-args.js';

/** Every problem, one line each; empty when the input is good. Touches files, never the engine. */
export async function inputProblems(parsed: Parsed): Promise<string[]> {
  const problems = parsed.kind === 'problems' ? [...parsed.problems] : [];
  if (parsed.kind === 'bases') problems.push(...basesProblems(parsed.options, parsed.only));
  const options = parsed.kind === 'run' || parsed.kind === 'problems' ? parsed.options : undefined;
  if (options) {
    const plan = makePlan(options);
    if ('problems' in plan) problems.push(...plan.problems);
    // A bad output folder is found now, not after the first build (files are created before the first benchmark).
    const writable = await assertWritable(options.out).then(
      () => true,
      (err) => {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
        return false;
      },
    );
    // A history that will not parse is refused now, before anything is measured; the file is not touched.
    if (writable)
      await readHistory(options.out).catch((err) => {
        problems.push(err instanceof HistoryError ? err.message : `${options.out}/history.csv: ${oneLine(err)}`);
      });
  }
  return problems;
}

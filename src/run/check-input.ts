/**
 * A run's input, checked in full before any engine is contacted: the plan (variants, templates, values, profiles),
 * the output folder and its history. The check creates nothing; the run it hands its plan to never plans again.
 */
import { InputError, oneLine } from '../errors.js';
import { outFolderProblem } from '../files/out-folder.js';
import { UserFileError } from '../files/user-file.js';
import { checkHistory } from '../history/history-file.js';
import { HistoryError } from '../history/parse-history.js';
import type { RunOptions } from './options.js';
import { makePlan, type Plan } from './plan.js';

/** Options that passed every input check, with the plan made from them. */
export interface CheckedRun {
  options: RunOptions;
  plan: Plan;
}

/** Every problem of a run's input, one line each, and the plan when there is none. Never touches an engine. */
export async function runInputProblems(options: RunOptions): Promise<{ problems: string[]; plan: Plan | null }> {
  const problems: string[] = [];
  const made = makePlan(options);
  if ('problems' in made) problems.push(...made.problems);
  const folder = await outFolderProblem(options.out);
  if (folder) problems.push(`--out "${options.out}": ${folder}; choose a writable folder with --out`);
  // A history that will not parse is refused now, before anything is measured; the file is not touched.
  else
    await checkHistory(options.out).catch((err: unknown) => {
      if (err instanceof HistoryError) problems.push(err.message);
      else if (err instanceof UserFileError) problems.push(`${err.message}; move it aside or choose another --out`);
      else problems.push(`${options.out}/history.csv: ${oneLine(err)}`);
    });
  return { problems, plan: problems.length === 0 && !('problems' in made) ? made : null };
}

/** The checked run, or an InputError listing every problem (for callers that hold options: the CLI, tests). */
export async function checkRun(options: RunOptions): Promise<CheckedRun> {
  const { problems, plan } = await runInputProblems(options);
  if (!plan) throw new InputError(problems);
  return { options, plan };
}

/**
 * All input problems of a command line at once: argument errors, the plan's (templates, values, profile), --out and its
 * history; for `bases`, the base ids and Go versions. Touches files, never the engine, and creates nothing.
 */

import { type CheckedRun, runInputProblems } from '../run/check-input.js';
import { basesProblems } from './bases-problems.js';
import type { Parsed } from './parse-args.js';

/** Every problem, one line each (empty when the input is good), and for a bench run the checked run to hand on. */
export async function inputProblems(parsed: Parsed): Promise<{ problems: string[]; checked: CheckedRun | null }> {
  const problems = parsed.kind === 'problems' ? [...parsed.problems] : [];
  if (parsed.kind === 'bases') problems.push(...basesProblems(parsed.options, parsed.only));
  const options = parsed.kind === 'run' || parsed.kind === 'problems' ? parsed.options : undefined;
  if (!options) return { problems, checked: null };
  const run = await runInputProblems(options);
  problems.push(...run.problems);
  const checked = parsed.kind === 'run' && run.plan && problems.length === 0 ? { options, plan: run.plan } : null;
  return { problems, checked };
}

/** All input problems of a command line at once: argument errors plus the plan's (templates, values, profile). */
import { makePlan } from '../run/plan.js';
import type { Parsed } from './parse-args.js';

/** Every problem, one line each; empty when the input is good. Touches files, never the engine. */
export function inputProblems(parsed: Parsed): string[] {
  const problems = parsed.kind === 'problems' ? [...parsed.problems] : [];
  const options = parsed.kind === 'run' || parsed.kind === 'problems' ? parsed.options : undefined;
  if (options) {
    const plan = makePlan(options);
    if ('problems' in plan) problems.push(...plan.problems);
  }
  return problems;
}

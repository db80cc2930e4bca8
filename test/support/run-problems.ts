/** Why a run did not exit 0, in the words its summary prints: the message of a failed `exitCode` expectation. */
import { judgeRun, problemLines } from '../../src/run/run-summary.js';
import type { RunResult } from '../../src/types.js';

export function runProblems(outcome: { result: RunResult; exitCode: number }): string {
  const lines = problemLines(judgeRun(outcome.result), outcome.result.variants);
  return `exit ${outcome.exitCode}: ${lines.join(' | ') || 'no failed row or clean-up'}`;
}

/**
 * `imagediet compare BASE HEAD` (two results folders or results.json files) or `imagediet compare --history DIR
 * BASE_RUN HEAD_RUN` (two runs of a history.csv): Markdown for a pull request or a job summary on stdout.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { type CompareSide, compareResults } from '../../compare/compare-results.js';
import { renderCompare } from '../../compare/render-compare.js';
import { readUserFile, UserFileError } from '../../files/user-file.js';
import { historyPath, readHistory } from '../../history/history-file.js';
import { parseResults, readResults } from '../../results/read-results.js';
import { runIds } from '../../trend/compute-trend.js';
import { checkStores } from '../../trend/store-check.js';
import { loadTrendConfig } from '../../trend/trend-config.js';
import type { Measurement, RunResult } from '../../types.js';
import { type CommandIo, commandProgram, runCommand } from './command-program.js';

const CONFIG_FILE = 'imagediet.config.json';

/** Exit 0: printed and every gate passes; 1: a gate failed; 2: bad input (a missing folder, an unknown run). */
export function compareCommand(argv: string[], io: CommandIo): Promise<number> {
  const cmd = commandProgram('compare')
    .argument('<base>', 'the baseline: a results folder or results.json (with --history: a run id, previous or latest)')
    .argument('<head>', 'the run to judge: a results folder or results.json (with --history: a run id or latest)')
    .option('--history <dir>', 'read both runs from the history.csv in this folder instead')
    .option('--config <file>', `thresholds and budgets (default: ./${CONFIG_FILE} if present)`)
    .option('--allow-mixed', 'compare runs measured on different image stores (overlay2, containerd)', false);
  return runCommand(cmd, argv, io, async (o, [baseArg = '', headArg = '']) => {
    const config = await loadTrendConfig(resolve(String(o.config ?? CONFIG_FILE)), o.config !== undefined);
    if ('problems' in config) return io.fail(config.problems);
    const sides = o.history
      ? await fromHistory(String(o.history), baseArg, headArg)
      : await Promise.all([fromPath(baseArg), fromPath(headArg)]).then((both) => {
          const problems = both.flatMap((b) => ('problem' in b ? [b.problem] : []));
          return problems.length > 0 ? { problems } : (both as [CompareSide, CompareSide]);
        });
    if ('problems' in sides) return io.fail(sides.problems);
    const [base, head] = sides;
    const stores = checkStores(
      { run: head.result.runId, rows: head.result.measurements },
      { run: base.result.runId, rows: base.result.measurements },
      { allowMixed: Boolean(o.allowMixed) },
    );
    if ('problem' in stores) return io.fail([stores.problem.replace(/^trend: /, 'compare: ')]);
    for (const note of stores.notes) io.note(`warning: ${note}`);
    const comparison = compareResults(base, head, config);
    io.print(renderCompare(comparison).trimEnd());
    return comparison.failures.length > 0 ? 1 : 0;
  });
}

/** A results folder or a results.json file, read through the one reader. */
async function fromPath(arg: string): Promise<CompareSide | { problem: string }> {
  const path = resolve(arg);
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    const read = await readResults(path, 'compare');
    return 'problem' in read ? read : { label: `results in ${arg}`, result: read.result };
  }
  let text: string | null;
  try {
    text = await readUserFile(path);
  } catch (err) {
    if (!(err instanceof UserFileError)) throw err;
    return { problem: `compare: ${err.message}` };
  }
  const parsed = parseResults(text ?? '', path);
  if ('problem' in parsed) return { problem: `compare: ${parsed.problem}` };
  return { label: `${basename(path)} in ${dirname(arg) || '.'}`, result: parsed };
}

/** Two runs of the history in `dir`: each a run id, or `latest` (the last) and `previous` (the one before it). */
async function fromHistory(
  dir: string,
  baseId: string,
  headId: string,
): Promise<[CompareSide, CompareSide] | { problems: string[] }> {
  const history = await readHistory(resolve(dir));
  const ids = runIds(history);
  if (ids.length === 0) return { problems: [`compare: ${historyPath(dir)} holds no run; run the bench first`] };
  const pick = (id: string): string | null =>
    id === 'latest' ? (ids.at(-1) ?? null) : id === 'previous' ? (ids.at(-2) ?? null) : ids.includes(id) ? id : null;
  const problems: string[] = [];
  const chosen = [baseId, headId].map((id) => {
    const run = pick(id);
    if (run === null)
      problems.push(
        `compare: run "${id}" is not in ${historyPath(dir)}; use latest, previous or one of: ${ids.slice(-5).join(', ')}`,
      );
    return run;
  });
  if (problems.length > 0) return { problems };
  const side = (run: string): CompareSide => ({
    label: `run ${run} of ${historyPath(dir)}`,
    result: runFromRows(
      run,
      history.filter((m) => m.run_id === run),
    ),
  });
  return [side(chosen[0] as string), side(chosen[1] as string)];
}

/** A run as the history holds it: its rows only, no variant records (so no package lists). */
function runFromRows(runId: string, rows: Measurement[]): RunResult {
  const first = rows[0];
  return {
    runId,
    startedAt: first?.timestamp ?? '',
    finishedAt: null,
    gitSha: first?.git_sha ?? null,
    profile: first?.profile ?? '',
    profileReason: '',
    builder: first?.builder ?? 'buildkit',
    environment: null,
    variants: [],
    measurements: rows,
    samples: {},
    warnings: [],
  };
}

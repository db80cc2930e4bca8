/** `imagediet merge DIR... --out DIR [--allow-mixed]`: shards → one run, with every report, the history and the charts. */
import { resolve } from 'node:path';
import { readHistory } from '../../history/history-file.js';
import { mergeResults } from '../../merge/merge-results.js';
import { publishRun } from '../../publish/publish-run.js';
import { assertWritable } from '../../report/writer.js';
import { readResults } from '../../results/read-results.js';
import { newRunId } from '../../run/run-id.js';
import { type CommandIo, commandProgram, runCommand } from './command-program.js';

/** Exit 0 merged; 2 bad input (missing folders, mixed engines or profiles, overlapping shards). */
export function mergeCommand(argv: string[], io: CommandIo): Promise<number> {
  const cmd = commandProgram('merge')
    .argument('<dirs...>', 'result folders written by the bench')
    .requiredOption('--out <dir>', 'folder for the merged results; its history.csv gets the merged run')
    .option('--allow-mixed', 'merge results of different engines, architectures, builders or profiles', false);
  return runCommand(cmd, argv, io, async (o, dirs) => {
    const out = resolve(String(o.out));
    const inputs = await Promise.all(dirs.map((d) => readResults(resolve(d), 'merge')));
    const problems = inputs.flatMap((i) => ('problem' in i ? [i.problem] : []));
    if (problems.length) return io.fail(problems);
    const merged = mergeResults(
      inputs.filter((i): i is Exclude<typeof i, { problem: string }> => !('problem' in i)),
      newRunId(),
      { allowMixed: Boolean(o.allowMixed) },
    );
    if ('problems' in merged) return io.fail(merged.problems);
    await assertWritable(out);
    // The history is checked before anything is written, as the bench does: a bad line refuses the merge.
    await readHistory(out);
    const files = await publishRun(out, merged.result, { appendToHistory: true });
    for (const w of merged.warnings) io.print(`warning: ${w}`);
    io.print(
      `merged ${dirs.length} folder(s), ${merged.result.variants.length} variant(s), into run ${merged.result.runId}; wrote ${files.join(', ')}`,
    );
    return 0;
  });
}

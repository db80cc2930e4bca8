/** `imagediet report [--out DIR]`: re-render every report, chart and the lesson from results.json and history.csv. */
import { resolve } from 'node:path';
import { publishRun } from '../../publish/publish-run.js';
import { readResults } from '../../results/read-results.js';
import { type CommandIo, commandProgram, runCommand } from './command-program.js';

/** Exit 0 written; 2 when the folder holds no readable results.json. Never touches the history. */
export function reportCommand(argv: string[], io: CommandIo): Promise<number> {
  const cmd = commandProgram('report').option('--out <dir>', 'result folder holding results.json', 'results');
  return runCommand(cmd, argv, io, async (o) => {
    const out = resolve(String(o.out));
    const input = await readResults(out, 'report');
    if ('problem' in input) return io.fail([input.problem]);
    const files = await publishRun(out, input.result, { appendToHistory: false });
    io.print(`re-rendered run ${input.result.runId}: ${files.join(', ')}`);
    return 0;
  });
}

/** `imagediet baseline [--out DIR] [--run RUN]`: save a run from history.csv as baseline.json (`trend --baseline saved`). */
import { join, resolve } from 'node:path';
import { readHistory } from '../../history/history-file.js';
import { BASELINE_FILE, saveBaseline } from '../../trend/baseline-file.js';
import { type CommandIo, commandProgram, runCommand } from './command-program.js';

/** Exit 0 saved; 2 bad input (no history, unknown run). */
export function baselineCommand(argv: string[], io: CommandIo): Promise<number> {
  const cmd = commandProgram('baseline')
    .option('--out <dir>', 'folder holding history.csv; baseline.json is written there', 'results')
    .option('--run <id>', 'run id to save (default: the latest)');
  return runCommand(cmd, argv, io, async (o) => {
    const out = resolve(String(o.out));
    const saved = await saveBaseline(out, await readHistory(out), o.run ? String(o.run) : null);
    io.print(
      `saved run ${saved} as ${join(out, BASELINE_FILE)}; compare against it with npm run trend -- --baseline saved`,
    );
    return 0;
  });
}

/** Shared shape of the small commands (trend, baseline, merge, baseline-startup): commander parsing, one-line problems, exit codes. */
import { Command, CommanderError } from 'commander';
import { HistoryError } from '../../history/parse-history.js';
import { COMMANDS, type CommandName } from '../command-list.js';

/** Where a command prints; `fail` prints problems and yields exit code 2. */
export interface CommandIo {
  print(line: string): void;
  fail(problems: string[]): number;
  /** A line on stderr that is no input problem: progress, or why nothing could run. */
  note(line: string): void;
}

/** The process's stdout/stderr. */
export const processIo: CommandIo = {
  print: (line) => process.stdout.write(`${line}\n`),
  fail: (problems) => {
    for (const p of problems) process.stderr.write(`imagediet: ${p}\n`);
    return 2;
  },
  note: (line) => process.stderr.write(`imagediet: ${line}\n`),
};

/** A commander program that never exits or prints by itself; its description is the one the main help lists. */
export function commandProgram(name: CommandName): Command {
  return new Command(`imagediet ${name}`)
    .description(COMMANDS[name])
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .allowExcessArguments(false);
}

/** Parse argv, run `body` with the options; usage errors and unreadable history become one-line problems (exit 2). */
export async function runCommand(
  cmd: Command,
  argv: string[],
  io: CommandIo,
  body: (opts: Record<string, unknown>, args: string[]) => Promise<number>,
): Promise<number> {
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') {
      io.print(cmd.helpInformation());
      return 0;
    }
    return io.fail([`${err.message.replace(/^error: /, '')} (see ${cmd.name()} --help)`]);
  }
  try {
    return await body(cmd.opts(), cmd.args);
  } catch (err) {
    if (err instanceof HistoryError) return io.fail([err.message]);
    if (err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError))
      return io.fail([err.message.split('\n')[0] ?? '']);
    throw err;
  }
}

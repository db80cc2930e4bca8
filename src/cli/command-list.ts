/** Every command of `imagediet`, with the one line `--help` shows for it; none runs the bench. */
export const COMMANDS = {
  bases: 'build the offline base images only (--only ids, --rebuild-bases)',
  demo: 'golang → multistage → scratch (size, anatomy, start-up) into results/demo/, for a live talk',
  trend: 'compare the latest run in history.csv with its baseline; write trend.md',
  baseline: 'save a run of history.csv as the baseline the trend compares against',
  merge: 'combine result folders (e.g. shards) into one run',
  report: 're-render results.md, the charts, lesson.md and index.html of a result folder',
  compare:
    'two runs side by side as Markdown for a pull request (BASE HEAD, or --history DIR RUN RUN); exit 1 on a failed gate',
  'baseline-startup': "time a built image's start-up with a plain docker run + curl loop (<variant> [runs] [profile])",
} as const;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** The "Commands:" section of the main help. */
export function commandsHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length));
  const lines = COMMAND_NAMES.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]}`);
  return ['Commands (none runs the bench; imagediet <command> --help shows its options):', ...lines, ''].join('\n');
}

/** Entry point: argv → run(); the only place that prints errors and sets the exit code. */
import { setMaxListeners } from 'node:events';
import { processIo } from './cli/commands/command-program.js';
import { DEMO_OUT, demoArgs, demoEpilogue } from './cli/commands/demo-args.js';
import { parseArgs } from './cli/parse-args.js';
import { EngineUnavailableError, engineUp, thisMachine } from './engine/engine-up.js';
import { CannotRunError, EngineError, InputError, isEngineGone, oneLine } from './errors.js';

/**
 * Exit codes: 0 all ran, 1 a variant failed or the engine failed or is unavailable, 2 bad usage or input, 130/143
 * interrupted. Input is checked in full before any engine is contacted, started or installed.
 */
async function main(argv: string[]): Promise<number> {
  // Commands that read result folders only: no engine, their own options.
  const [first, ...rest] = argv;
  if (first === 'trend') return (await import('./cli/commands/trend-command.js')).trendCommand(rest, processIo);
  if (first === 'baseline')
    return (await import('./cli/commands/baseline-command.js')).baselineCommand(rest, processIo);
  if (first === 'merge') return (await import('./cli/commands/merge-command.js')).mergeCommand(rest, processIo);
  if (first === 'report') return (await import('./cli/commands/report-command.js')).reportCommand(rest, processIo);
  if (first === 'compare') return (await import('./cli/commands/compare-command.js')).compareCommand(rest, processIo);
  // Checks its arguments as the bench does, then brings the engine up itself.
  if (first === 'baseline-startup')
    return (await import('./cli/commands/baseline-startup-command.js')).baselineStartupCommand(rest, processIo);
  const demo = first === 'demo';
  const parsed = parseArgs(demo ? demoArgs(rest) : argv);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return 0;
  }
  // Loaded only now: --help and --version need none of the plan's templates and schemas.
  const { inputProblems } = await import('./cli/input-problems.js');
  const { problems, checked } = await withinInputDeadline(inputProblems(parsed));
  if (problems.length > 0 || parsed.kind === 'problems') {
    for (const p of problems) process.stderr.write(`imagediet: ${p}\n`);
    return 2;
  }
  const controller = new AbortController();
  // Every engine call combines this run-wide signal with its own timeout, so it gets many listeners by design.
  setMaxListeners(0, controller.signal);
  let interrupted: number | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    // A second interrupt means "now": skip the clean-up the first one started.
    if (interrupted !== null) process.exit(interrupted);
    interrupted = sig === 'SIGINT' ? 130 : 143;
    process.stderr.write(`\nimagediet: ${sig}: aborting engine calls and removing what this run created…\n`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Loaded only now: dockerode and its gRPC stack take most of a second to import, and bad input must fail fast.
  const [
    { createProgress },
    { createDockerEngine },
    { cleanAll },
    { run },
    { runBasesCommand },
    { nodeUnavailable },
    { cleanStaleNodes },
  ] = await Promise.all([
    import('./run/progress.js'),
    import('./engine/docker-engine.js'),
    import('./run/cleanup.js'),
    import('./run/run.js'),
    import('./cli/commands/bases-command.js'),
    import('./node/node-engine.js'),
    import('./node/stale-nodes.js'),
  ]);
  const progress = createProgress();
  try {
    // Installing an engine only to find nothing to clean would be absurd, so --clean just needs one to answer.
    await engineUp(
      thisMachine((line) => progress.note(line)),
      { install: parsed.kind !== 'clean', signal: controller.signal },
    );
    const engine = createDockerEngine();
    if (parsed.kind === 'clean') {
      progress.note(await cleanAll(engine, controller.signal));
      return 0;
    }
    if (parsed.kind === 'bases') {
      await runBasesCommand(engine, parsed.options, parsed.only, progress, controller.signal);
      return 0;
    }
    if (!checked) throw new Error('the input check handed over no plan');
    // Node engines are started only where one can be (root, Linux), so only there can a killed run have left one.
    const deps = { engine, progress, signal: controller.signal };
    const outcome = await run(checked, nodeUnavailable() ? deps : { ...deps, cleanStaleNodes });
    if (demo) progress.note(demoEpilogue(outcome.result, DEMO_OUT));
    return interrupted ?? outcome.exitCode;
  } catch (err) {
    if (interrupted !== null) return interrupted;
    if (err instanceof EngineUnavailableError) {
      process.stderr.write(`imagediet: ${err.message}\n`);
      return 1;
    }
    if (err instanceof InputError) {
      for (const p of err.problems) process.stderr.write(`imagediet: ${p}\n`);
      return 2;
    }
    if (err instanceof CannotRunError) {
      for (const p of err.problems) process.stderr.write(`imagediet: ${p}\n`);
      return 1;
    }
    if (isEngineGone(err)) {
      const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
      process.stderr.write(
        `imagediet: no Docker engine answers at ${where} (${oneLine(err)}); start it again, or set DOCKER_HOST. Results measured so far are on disk.\n`,
      );
      return 1;
    }
    if (err instanceof EngineError) {
      process.stderr.write(`imagediet: ${oneLine(err)}\n`);
      return 1;
    }
    process.stderr.write(`imagediet: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  } finally {
    progress.close();
  }
}

/**
 * The input check reads only files, each bounded; a file system that stops answering (a hung network mount) is the
 * one thing left that could stall it, and that too is answered: exit 2 naming the wait.
 */
const INPUT_DEADLINE_MS = 60_000;

function withinInputDeadline<T>(check: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>(() => {
    timer = setTimeout(() => {
      process.stderr.write(
        `imagediet: the input check did not finish within ${INPUT_DEADLINE_MS / 1000} s (a file system that does not answer?); check the paths given\n`,
      );
      process.exit(2);
    }, INPUT_DEADLINE_MS);
  });
  return Promise.race([check, deadline]).finally(() => clearTimeout(timer));
}

/** After the answer, the process ends: anything still holding the event loop then is cut off, not waited for. */
const EXIT_GRACE_MS = 10_000;

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  setTimeout(() => {
    process.stderr.write(`imagediet: still busy ${EXIT_GRACE_MS / 1000} s after finishing; exiting\n`);
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
});

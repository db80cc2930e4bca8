/**
 * `imagediet baseline-startup <variant> [runs] [profile]` (npm run bench:baseline): start-up timed by a plain shell
 * loop (`docker run -d`, then curl until the first 200; scripts/baseline-startup.sh), to check the harness's own
 * figure against. Its arguments go through the bench's checks first, so a typo exits 2 before any engine is
 * contacted or installed.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { EngineUnavailableError, engineUp, thisMachine, which } from '../../engine/engine-up.js';
import { ROOT } from '../../paths.js';
import { PROFILE_IDS } from '../../profiles/index.js';
import { makePlan } from '../../run/plan.js';
import { suggest } from '../../suggest.js';
import { parseArgs } from '../parse-args.js';
import { type CommandIo, commandProgram, runCommand } from './command-program.js';

const SCRIPT = path.join(ROOT, 'scripts', 'baseline-startup.sh');

/** What the shell loop is given once checked. */
export interface BaselineInput {
  variant: string;
  runs: number;
  profile: string;
}

/**
 * Check `<variant> [runs] [profile]` as the bench checks `--variants`, `--runs` and `--profile` (the same parser and
 * plan, so the same messages), plus what only the baseline needs: one variant, a profile an image is tagged with
 * (`auto` is none), and curl. Every problem at once, one line each; touches files, never the engine.
 */
export async function baselineInput(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<BaselineInput | { problems: string[] }> {
  const [variant = '', runsText = '10', profile = 'local'] = args;
  const problems: string[] = [];
  if (variant.includes(',')) problems.push(`the baseline times one variant, got "${variant}"; run it once per variant`);
  const runs = Number(runsText);
  if (!/^\d+$/.test(runsText) || runs < 1 || runs > 1000)
    problems.push(`runs must be a whole number from 1 to 1000, got "${runsText}"`);
  const known = PROFILE_IDS.includes(profile);
  if (!known)
    problems.push(
      `profile "${profile}" is not one an image is tagged with; accepted: ${PROFILE_IDS.join(', ')}${profile === 'auto' ? ' (the one the bench chose for the image)' : suggest(profile, PROFILE_IDS)}`,
    );
  // The bench's own parser and plan: the variant is looked up (and rendered) exactly as `--variants` is.
  const parsed = parseArgs(['--variants', variant, '--profile', known ? profile : 'auto'], env);
  if (parsed.kind === 'problems') problems.push(...parsed.problems);
  const options = parsed.kind === 'run' || parsed.kind === 'problems' ? parsed.options : undefined;
  const plan = options ? makePlan(options) : null;
  if (plan && 'problems' in plan) problems.push(...plan.problems);
  if (!(await which('curl', env.PATH ?? '')))
    problems.push('curl is needed to time the first answer; install it (apt-get install curl) and run again');
  return problems.length ? { problems: [...new Set(problems)] } : { variant, runs, profile };
}

/** Exit 0 timed; 1 no engine answers; 2 bad input, or the script's own 2 (no image of that variant yet). */
export function baselineStartupCommand(argv: string[], io: CommandIo): Promise<number> {
  const cmd = commandProgram('baseline-startup')
    .argument('<variant>', 'the variant whose image imagediet/<variant>:<profile> is timed')
    .argument('[runs]', 'how many starts to time', '10')
    .argument('[profile]', 'the profile the image was built with: hub, seed-2019 or local', 'local');
  return runCommand(cmd, argv, io, async (_o, args) => {
    const input = await baselineInput(args);
    if ('problems' in input) return io.fail(input.problems);
    try {
      await engineUp(thisMachine(io.note), { install: true });
    } catch (err) {
      if (!(err instanceof EngineUnavailableError)) throw err;
      io.note(err.message);
      return 1;
    }
    return runScript([input.variant, String(input.runs), input.profile]);
  });
}

/**
 * Run the shell loop, its output straight through. Ctrl-C reaches it from the terminal and its trap removes its
 * containers, so this process waits for it rather than exit first; a SIGTERM sent to this process alone is passed on.
 */
function runScript(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { cwd: ROOT, stdio: 'inherit' });
    const onInt = () => undefined;
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.on('error', (err) => {
      done();
      reject(new Error(`could not run ${SCRIPT}: ${err.message}; is bash installed?`));
    });
    child.on('close', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 1));
    });
  });
}

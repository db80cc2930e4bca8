/**
 * `sh scripts/engine-up.sh`: the engine bring-up the CLI does after validating its input, for callers that need an
 * engine without running a command (the test script, CI). Exit 0 when an engine answers, 1 otherwise.
 */
import { EngineUnavailableError, engineUp, thisMachine } from '../engine/engine-up.js';

const note = (line: string) => process.stderr.write(`imagediet: ${line}\n`);
try {
  await engineUp(thisMachine(note), { install: true });
} catch (err) {
  if (!(err instanceof EngineUnavailableError)) throw err;
  note(err.message);
  process.exitCode = 1;
}

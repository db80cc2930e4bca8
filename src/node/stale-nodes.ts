/**
 * Node engines that killed runs left behind. A bench killed outright cannot stop the node engine it started
 * (`node-<run id>`, node-engine.ts), so the next run does. Which engines are stale is engine.sh's one rule, shared
 * with the test scripts: the owner recorded at `up` (its pid and that process's start time, so a recycled pid is not
 * taken for it) has exited. A node whose owner still runs belongs to a bench in progress and is never touched.
 */
import { oneLine } from '../errors.js';
import { engineSh } from './engine-sh.js';

/** engine.sh waits up to 30 s for each stale dockerd to stop; this leaves room for several. */
const PRUNE_TIMEOUT_MS = 5 * 60_000;

/**
 * Stop every `node-*` engine whose owner has exited, telling `note` each one removed and each one kept because it
 * records no owner it can read. Never throws: a leftover engine must not stop a run, so a failure is told as a
 * clean-up line. Resolves the number removed. `env` carries IMAGEDIET_ENGINE_HOME (tests pass their own).
 */
export async function cleanStaleNodes(
  note: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let out: string;
  try {
    out = await engineSh(['prune', 'node-'], PRUNE_TIMEOUT_MS, env);
  } catch (err) {
    note(`clean-up: stop node engines left by killed runs failed: ${oneLine(err)}`);
    return 0;
  }
  const lines = out.split('\n').filter(Boolean);
  for (const line of lines) note(`node engine of an earlier run: ${line}`);
  return lines.filter((l) => l.startsWith('removed ')).length;
}

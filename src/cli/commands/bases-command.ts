/** `imagediet bases`: build (or reuse) the offline bases of the local profile, and print their versions. */
import { BASE_IDS, ensureBasesPerGo } from '../../bases/index.js';
import type { Engine } from '../../engine/engine.js';
import { InputError } from '../../errors.js';
import { localProfile } from '../../profiles/local.js';
import type { RunOptions } from '../../run/options.js';
import type { Progress } from '../../run/progress.js';
import { newRunId } from '../../run/run-id.js';
import { basesProblems } from '../bases-problems.js';

/** Build the requested bases (all by default); throws InputError for unknown ids. */
export async function runBasesCommand(
  engine: Engine,
  opts: RunOptions,
  only: string[] | null,
  progress: Progress,
  signal: AbortSignal,
): Promise<void> {
  const problems = basesProblems(opts, only);
  if (problems.length) throw new InputError(problems);
  const ids = only ?? [...BASE_IDS];
  const goVersions = opts.params.goVersion ?? [localProfile.defaultGoVersion];
  await engine.describe(opts.builder, signal);
  const records = await ensureBasesPerGo(engine, new Map(goVersions.map((v) => [v, ids])), {
    rebuild: opts.rebuildBases,
    runId: newRunId(),
    signal,
    onStep: (m: string) => progress.note(m),
  });
  for (const r of records) {
    progress.note(`${r.ref.padEnd(36)} ${r.version.padEnd(16)} ${r.builtNow ? 'built now' : 'reused'}`);
  }
}

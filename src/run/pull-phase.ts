/** Pull metrics through a registry: compressed size, cold pull, pull at stated link speeds, cold engine pull. */
import type { Engine } from '../engine/engine.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import type { RunContext } from './run-context.js';
import type { Timable, TimedOutput } from './timed-phase.js';

/** Push every timable image to a registry and time its pulls. */
export async function timePulls(
  _engine: Engine,
  _items: Timable[],
  _ctx: RunContext,
  _opts: RunOptions,
  _progress: Progress,
): Promise<TimedOutput> {
  throw new Error('pull timing: not wired yet');
}

/** The run's one BuildSettings: what every build it makes shares, from the options and the run's context. */
import type { BuildSettings } from '../measure/build-steps.js';
import type { RunOptions } from './options.js';
import type { RunContext } from './run-context.js';

/** Made once per phase from the run's facts; a clean-up failure of any build is told to the run's clean-up note. */
export function buildSettings(ctx: RunContext, opts: RunOptions): BuildSettings {
  return {
    appDir: opts.appDir,
    runId: ctx.runId,
    builder: ctx.builder,
    timeoutMs: opts.buildTimeoutMs,
    signal: ctx.signal,
    note: ctx.note,
    ...(ctx.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: ctx.sourceDateEpoch }),
  };
}

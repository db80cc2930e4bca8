/**
 * A timed phase's output moved into the run's result as it grows. A phase hands over what it has finished (a link's
 * deploy series, the pushes) at each checkpoint, so a run stopped in the middle of a long phase keeps, and has
 * already published, every series that ended before the stop.
 */

import type { Measurement, RunResult } from '../types.js';
import { sharedRows } from './same-image.js';
import type { BuiltVariant, TimedOutput } from './timed-phase.js';

export interface PhaseResults {
  /** Take what `out` holds beyond what was taken before; safe to call again with the same, grown output. */
  take(out: TimedOutput): void;
  /** Every row taken into the result for this phase, the sharers' copies included. */
  readonly rows: readonly Measurement[];
}

export function phaseResults(result: RunResult, sharedBy: ReadonlyMap<BuiltVariant, BuiltVariant>): PhaseResults {
  const taken: Measurement[] = [];
  let rowsSeen = 0;
  let warningsSeen = 0;
  return {
    rows: taken,
    take(out) {
      const fresh = out.rows.slice(rowsSeen);
      rowsSeen = out.rows.length;
      const rows = [...fresh, ...sharedRows(fresh, sharedBy)];
      taken.push(...rows);
      result.measurements.push(...rows);
      Object.assign(result.samples, out.samples);
      for (const record of result.variants) {
        const forms = out.forms?.[`${record.variant}|${record.params}`];
        if (forms) record.forms = forms;
      }
      if (out.nodeLabel && result.environment) result.environment.deployNode = out.nodeLabel;
      result.warnings.push(...out.warnings.slice(warningsSeen));
      warningsSeen = out.warnings.length;
    },
  };
}

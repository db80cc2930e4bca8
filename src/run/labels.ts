/** The labels on everything a run creates: who made it, when, and whether it is kept. */
import os from 'node:os';
import { LABEL, type ResourceKind } from '../engine/engine.js';

/** Label naming the process that created a resource, so a later run can tell a dead run's leftovers from a live one's. */
export const OWNER_LABEL = 'imagediet.owner';

/** Labels for one resource of run `runId`. */
export function runLabels(
  runId: string,
  kind: ResourceKind,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [LABEL.run]: runId,
    [LABEL.kind]: kind,
    [LABEL.created]: new Date().toISOString(),
    [OWNER_LABEL]: `${os.hostname()}:${process.pid}`,
    ...extra,
  };
}

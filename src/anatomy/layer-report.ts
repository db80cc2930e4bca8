/** An image's history as the lesson shows it: one line per Dockerfile step, oldest first, base steps marked. */
import type { HistoryEntry } from '../engine/engine.js';
import type { LayerReport } from '../types.js';

/** The shell the classic builder and BuildKit put in front of RUN commands. */
const SHELL_PREFIX = '/bin/sh -c ';
/** Build arguments BuildKit records before a RUN: `|2 A=1 B=2 /bin/sh -c …`. */
const BUILD_ARGS = /^\|\d+ (?:\S+=\S* )*/;

/**
 * `/bin/sh -c #(nop)  CMD ["sh"]` → `CMD ["sh"]`; `/bin/sh -c apt-get …` → `RUN apt-get …`;
 * `RUN |1 A=b /bin/sh -c make # buildkit` → `RUN make`. An imported layer has no command: its comment stands in.
 */
export function cleanInstruction(createdBy: string, comment = ''): string {
  let s = createdBy.trim().replace(/\s*# buildkit$/, '');
  if (s === '') return comment.trim();
  const run = s.startsWith('RUN ');
  if (run) s = s.slice('RUN '.length);
  s = s.replace(BUILD_ARGS, '');
  if (s.startsWith(`${SHELL_PREFIX}#(nop)`)) return s.slice(`${SHELL_PREFIX}#(nop)`.length).trim();
  if (s.startsWith(SHELL_PREFIX)) return `RUN ${s.slice(SHELL_PREFIX.length).trim()}`;
  return run ? `RUN ${s}` : s;
}

/**
 * History (as the engine gives it, newest first) → steps oldest first. The oldest `baseSteps` entries are the base
 * image's own history (0 for scratch), since an image's history begins with its base's.
 */
export function layerReport(history: HistoryEntry[], baseSteps: number): LayerReport[] {
  if (!Number.isInteger(baseSteps) || baseSteps < 0 || baseSteps > history.length) {
    throw new Error(`the base's step count must be an integer from 0 to ${history.length}, got ${baseSteps}`);
  }
  return [...history].reverse().map((h, i) => ({
    instruction: cleanInstruction(h.createdBy, h.comment),
    bytes: h.size,
    fromBase: i < baseSteps,
  }));
}

/** An image's history as the lesson shows it: one line per Dockerfile step, oldest first, base steps marked. */
import type { LayerReport } from '../types.js';
import { layerBytesSource, overlay2LayerBytes } from './layer-size.js';
import type { SavedImage } from './read-saved-image.js';

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
 * The exported image's config history → steps oldest first, each with the bytes of the layer it made, counted from
 * that layer as overlay2 counts it. (The engine's history API would give the snapshot's disk usage under the
 * containerd store, which is another figure.) The oldest `baseSteps` steps are the base image's own (0 for
 * scratch), since an image's history begins with its base's.
 */
export function layerReport(saved: SavedImage, baseSteps: number): LayerReport[] {
  const { steps, layers } = saved;
  if (!Number.isInteger(baseSteps) || baseSteps < 0 || baseSteps > steps.length) {
    throw new Error(`the base's step count must be an integer from 0 to ${steps.length}, got ${baseSteps}`);
  }
  let next = 0;
  return steps.map((h, i) => {
    const layer = h.emptyLayer ? undefined : layers[next++];
    return {
      instruction: cleanInstruction(h.createdBy, h.comment),
      bytes: layer ? overlay2LayerBytes(layer) : 0,
      bytesFrom: layer ? layerBytesSource(layer) : 'no layer: the step changed no files',
      fromBase: i < baseSteps,
    };
  });
}

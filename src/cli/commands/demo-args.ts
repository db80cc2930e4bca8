/** `npm run demo`: the smallest comparison that still tells the story (golang → multistage → scratch), for a live talk. */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { M } from '../../metrics/catalogue.js';
import { formatDockerSize } from '../../report/format/format-size.js';
import { LINKED_FILES } from '../../report/outputs.js';
import type { RunResult } from '../../types.js';

/** Kept apart from results/ so a demo never mixes into the committed history. */
export const DEMO_OUT = 'results/demo';

/** The bench arguments of the demo; extra arguments (e.g. --profile) are appended and win. */
export function demoArgs(extra: string[]): string[] {
  return [
    '--variants',
    'golang,multistage,scratch',
    '--metrics',
    'size,anatomy,startup',
    '--runs',
    'startup=3',
    '--out',
    DEMO_OUT,
    ...extra,
  ];
}

/** What to say when the demo ends: the sizes in one line and where the lesson is. */
export function demoEpilogue(result: RunResult, out: string): string {
  const sizes = result.measurements
    .filter((m) => m.metric === M.imageSize && m.status === 'ok' && m.value !== null)
    .map((m) => `${m.variant} ${formatDockerSize(m.value as number)}`);
  const page = pathToFileURL(resolve(out, LINKED_FILES.html)).href;
  return [
    `demo: ${sizes.join(' → ')}`,
    `lesson: ${resolve(out, LINKED_FILES.lesson)}`,
    `open in a browser: ${page}`,
  ].join('\n');
}

/** Vega-Lite spec → static SVG string in Node: Vega's SVG string renderer needs no browser and no canvas package. */
import type { TopLevelSpec } from 'vega-lite';
import { importEsm } from '../../esm-import.js';
import { estimateTextWidth } from './text-width.js';

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}
/** Vega exports `textMetrics` at run time; its typings leave it out. */
type TextMetrics = { width: (item: TextItem, text: unknown) => number };

/** Vega and Vega-Lite, loaded when the first chart is drawn: a command line that draws none never pays for them. */
let modules: Promise<{ vega: typeof import('vega'); vl: typeof import('vega-lite') }> | undefined;

function vegaModules() {
  modules ??= Promise.all([
    importEsm<typeof import('vega')>('vega'),
    importEsm<typeof import('vega-lite')>('vega-lite'),
  ]).then(([vega, vl]) => {
    // Without the optional `canvas` package Vega guesses 0.8 em a character, which pads every axis and truncates long
    // labels early; with it, widths would follow the machine's fonts and the committed SVGs would differ by machine.
    // Vega documents replacing `textMetrics.width` for exactly this (vl-convert does the same).
    (vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = (item, text) =>
      estimateTextWidth(String(text ?? '').trim(), item.fontSize ?? 11, item.fontWeight);
    return { vega, vl };
  });
  return modules;
}

let queue: Promise<unknown> = Promise.resolve();

/** Compile a Vega-Lite spec and return Vega-Lite's warnings (a spec that compiles with warnings is a chart bug). */
export async function compileSpec(
  spec: TopLevelSpec,
): Promise<{ vega: ReturnType<typeof import('vega-lite').compile>['spec']; warnings: string[] }> {
  const { vega, vl } = await vegaModules();
  const warnings: string[] = [];
  const log = vega.logger(vega.Warn, undefined, (_method: string, _level: string, input: readonly unknown[]) => {
    warnings.push(input.map(String).join(' '));
  });
  return { vega: vl.compile(spec, { logger: log }).spec, warnings };
}

/** Render a Vega-Lite spec to an SVG document string; the same spec always gives the same bytes. */
export function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Vega numbers clip paths and gradients with module-wide counters: renders must not interleave, and each starts
  // from zero so an SVG does not depend on what was drawn before it.
  const next = queue.then(async () => {
    const { vega } = await vegaModules();
    const view = new vega.View(vega.parse((await compileSpec(spec)).vega), { renderer: 'none' });
    try {
      vega.resetSVGDefIds();
      return `${await view.toSVG()}\n`;
    } finally {
      view.finalize();
    }
  });
  // The queue only orders renders: a failed one is still returned to its caller through `next`, so the next render
  // must not inherit the rejection.
  queue = next.catch(() => undefined);
  return next;
}

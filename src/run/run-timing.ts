/** A run's length: the estimate said at its start, each phase as it took place, and the two side by side at the end. */
import { M } from '../metrics/catalogue.js';
import { ruleFor } from '../stats/sampling-options.js';
import type { Measurement, RunResult, RunTiming } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { type EstimateCell, estimateRun, type RunEstimate } from './estimate.js';
import type { RunOptions } from './options.js';
import { span } from './progress.js';
import { paramsKey } from './run-context.js';
import { variantName } from './same-image.js';

/** A Dockerfile that installs packages: its cold builds download them. */
const INSTALLS = /\b(apt-get|apt|apk|dnf|yum)\s+(-\S+\s+)*(install|add)\b/;

/** The plan's cells for the estimate, with what the rows measured so far say of their images. */
export function estimateCells(
  rendered: readonly RenderedVariant[],
  rows: readonly Measurement[] = [],
  shared: ReadonlySet<string> = new Set(),
): EstimateCell[] {
  return rendered
    .filter((rv) => !rv.skipped)
    .map((rv) => {
      const params = paramsKey(rv.params);
      const value = (metric: string) =>
        rows.find((m) => m.variant === rv.variant.id && m.params === params && m.metric === metric && m.status === 'ok')
          ?.value ?? null;
      return {
        variant: rv.variant.id,
        params,
        installsPackages: INSTALLS.test(rv.dockerfile),
        imageBytes: value(M.imageSize),
        compressedBytes: value(M.imageSizeCompressed),
        sharesImage: shared.has(variantName({ variant: rv.variant.id, params })),
      };
    });
}

/** The estimate of the run (or of what is left of it) from the plan, the history and what was measured so far. */
export function estimateFor(
  opts: RunOptions,
  cells: EstimateCell[],
  history: readonly Measurement[],
  basesToBuild: number,
  pace: number | null = null,
): RunEstimate {
  return estimateRun({
    cells,
    metrics: opts.metrics,
    buildRuns: opts.runs.build,
    rules: { pull: ruleFor(opts, 'pull'), startup: ruleFor(opts, 'startup') },
    history,
    basesToBuild,
    pace,
    ...(opts.compressions ? { compressions: opts.compressions } : {}),
    ...(opts.links ? { links: opts.links } : {}),
  });
}

/** A run's timing record, starting with its estimate. */
export function startTiming(estimate: RunEstimate): RunTiming {
  return {
    estimate: {
      seconds: estimate.seconds,
      basis: estimate.basis,
      phases: estimate.phases.map((p) => ({ phase: p.phase, seconds: p.seconds })),
    },
    phases: [],
    seconds: null,
  };
}

/** Run `work` as the phase `phase` of the run, and keep how long it took. */
export async function timedPhase<T>(timing: RunTiming, phase: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    timing.phases.push({ phase, seconds: (performance.now() - t0) / 1000 });
  }
}

/** The closing line: how long the run took against its estimate, and the phases that differed most. */
export function timingLine(result: Pick<RunResult, 'timing'>): string | null {
  const t = result.timing;
  if (!t || t.seconds === null) return null;
  const by = t.phases
    .map((p) => {
      const est = t.estimate.phases.find((e) => e.phase === p.phase)?.seconds;
      return `${p.phase} ${span(p.seconds * 1000)}${est === undefined ? '' : ` (estimate ${span(est * 1000)})`}`;
    })
    .join(', ');
  return `took ${span(t.seconds * 1000)} against an estimate of ${span(t.estimate.seconds * 1000)}: ${by}`;
}

/**
 * Runs timed measurements with tinybench: one task per variant × metric, explicit iterations, no implicit warm-up,
 * tasks interleaved round-robin. Untimed resets go in beforeEach; a failing task costs only its own cell.
 */
import { Bench, type Statistics } from 'tinybench';
import type { RowStats } from '../run/run-context.js';
import { outlierIndexes } from './outliers.js';
import { Turnstile } from './turnstile.js';

/** One cell to measure. `fn` is timed; `reset` runs untimed before every iteration. */
export interface TimedCell {
  /** `variant|params|metric`, unique in one call. */
  key: string;
  /** Timed; may resolve `{ overriddenDuration }` (ms) to report the part it measured itself. */
  fn: () => Promise<unknown>;
  reset?: () => Promise<void>;
  /** Untimed, after every iteration: e.g. remove the container a start-up sample created. */
  after?: () => Promise<void>;
}

/** The outcome of one cell: statistics and raw samples (ms), or the error that ended it. */
export type CellOutcome =
  | { key: string; ok: true; stats: RowStats; samples: number[]; outliers: number }
  | { key: string; ok: false; error: string; samples: number[] };

/** A row's statistics from tinybench's latency figures (ms); the headline value is the median. */
export function rowStats(l: Statistics): RowStats {
  return {
    value: l.p50,
    median: l.p50,
    mean: l.mean,
    min: l.min,
    max: l.max,
    sd: l.sd,
    rme: l.rme,
    samples: l.samplesCount,
  };
}

/** Measure `cells` with `iterations` samples each, interleaved. Never throws for a failing cell. */
export async function runTimed(
  cells: TimedCell[],
  iterations: number,
  signal: AbortSignal,
  onSample?: (key: string, ms: number, index: number) => void,
): Promise<CellOutcome[]> {
  if (cells.length === 0) return [];
  // Defaults would run a 30 s build 80 times (ENGINE-NOTES §2.3): time 0, exact iterations, no warm-up.
  const bench = new Bench({
    time: 0,
    iterations,
    warmup: false,
    retainSamples: true,
    throws: false,
    concurrency: 'bench',
    signal,
  });
  const turns = new Turnstile(cells.length);
  cells.forEach((cell, i) => {
    let done = 0;
    let failed = false;
    bench.add(
      cell.key,
      async () => {
        try {
          const t0 = performance.now();
          const r = (await cell.fn()) as { overriddenDuration?: number } | undefined;
          const overridden =
            typeof r?.overriddenDuration === 'number' ? { overriddenDuration: r.overriddenDuration } : undefined;
          // Progress only: the sample itself is tinybench's measurement.
          onSample?.(cell.key, overridden?.overriddenDuration ?? performance.now() - t0, done + 1);
          return overridden;
        } catch (err) {
          failed = true;
          throw err;
        }
      },
      {
        beforeEach: async () => {
          try {
            await turns.wait(i, signal);
            await cell.reset?.();
          } catch (err) {
            failed = true;
            throw err;
          }
        },
        afterEach: async () => {
          await cell.after?.().catch(() => {
            failed = true;
          });
          done++;
          if (failed || done >= iterations) turns.leave(i);
          else turns.pass(i);
        },
      },
    );
  });
  await bench.run();
  return cells.map((cell) => {
    const task = bench.getTask(cell.key);
    const r = task?.result;
    if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) {
      const error = r && 'error' in r && r.error ? String((r.error as Error).message ?? r.error) : `state ${r?.state}`;
      return { key: cell.key, ok: false, error, samples: [] };
    }
    const l = r.latency;
    const samples = [...(l.samples ?? [])];
    return {
      key: cell.key,
      ok: true,
      samples,
      outliers: outlierIndexes(samples).length,
      stats: rowStats(l),
    };
  });
}

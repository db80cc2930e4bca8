/**
 * Runs timed measurements with tinybench: one task per variant × metric, explicit iterations, no implicit warm-up,
 * tasks interleaved round-robin. Untimed resets go in beforeEach; a failing task costs only its own row.
 */
import { Bench, type Statistics } from 'tinybench';
import { medianCi } from './median-ci.js';
import type { RowStats } from './row-stats.js';
import { Turnstile } from './turnstile.js';

/** One task to measure. `fn` is timed; `reset` runs untimed before every iteration. */
export interface TimedTask {
  /** `variant|params|metric`, unique in one call. */
  key: string;
  /** Timed; may resolve `{ overriddenDuration }` (ms) to report the part it measured itself. */
  fn: () => Promise<unknown>;
  reset?: () => Promise<void>;
  /** Untimed, after every iteration: e.g. remove the container a start-up sample created. */
  after?: () => Promise<void>;
}

/** The outcome of one task: statistics and raw samples (ms), or the error that ended it. */
export type TaskOutcome =
  | { key: string; ok: true; stats: RowStats; samples: number[] }
  | { key: string; ok: false; error: string; samples: number[] };

/**
 * A row's statistics: tinybench's latency figures (ms) for mean, sd and rme, the median as the headline, and the
 * median's order-statistic interval as its margin. One sample has no spread, so no sd, rme or interval.
 */
export function rowStats(l: Statistics, samples: readonly number[]): RowStats {
  const spread = l.samplesCount > 1;
  const ci = medianCi(samples);
  return {
    value: l.p50,
    median: l.p50,
    mean: l.mean,
    min: l.min,
    max: l.max,
    sd: spread ? l.sd : null,
    rme: spread ? l.rme : null,
    samples: l.samplesCount,
    ci_low: ci?.low ?? null,
    ci_high: ci?.high ?? null,
  };
}

/** Measure `tasks` with `iterations` samples each, interleaved. Never throws for a failing task. */
export async function runTimed(
  tasks: TimedTask[],
  iterations: number,
  signal: AbortSignal,
  onSample?: (key: string, ms: number, index: number) => void,
): Promise<TaskOutcome[]> {
  if (tasks.length === 0) return [];
  // tinybench's defaults would run a 30 s build dozens of times: time 0, exact iterations, no warm-up.
  const bench = new Bench({
    time: 0,
    iterations,
    warmup: false,
    retainSamples: true,
    throws: false,
    concurrency: 'bench',
    signal,
  });
  const turns = new Turnstile(tasks.length);
  // tinybench sorts its samples in place; these keep the order they were measured in, to line up with other lists.
  const measured = tasks.map(() => [] as number[]);
  tasks.forEach((task, i) => {
    let done = 0;
    let failed = false;
    bench.add(
      task.key,
      async () => {
        try {
          const t0 = performance.now();
          const r = (await task.fn()) as { overriddenDuration?: number } | undefined;
          // Every sample is handed to tinybench as a duration, so its statistics and the ordered list are the same numbers.
          const ms = typeof r?.overriddenDuration === 'number' ? r.overriddenDuration : performance.now() - t0;
          measured[i]?.push(ms);
          onSample?.(task.key, ms, done + 1);
          return { overriddenDuration: ms };
        } catch (err) {
          failed = true;
          throw err;
        }
      },
      {
        beforeEach: async () => {
          try {
            await turns.wait(i, signal);
            await task.reset?.();
          } catch (err) {
            failed = true;
            throw err;
          }
        },
        afterEach: async () => {
          let afterError: unknown = null;
          await task.after?.().catch((err: unknown) => {
            afterError = err;
          });
          done++;
          const last = failed || afterError !== null || done >= iterations;
          if (last) turns.leave(i);
          else turns.pass(i);
          // A failed clean-up ends the task: throwing here makes tinybench stop the task with this error. After a
          // failed sample the sample's own error is the one reported; the clean-up's would only hide it.
          if (afterError !== null && !failed) {
            failed = true;
            const why = afterError instanceof Error ? afterError.message : String(afterError);
            throw new Error(`after a sample: ${why}`, { cause: afterError });
          }
        },
      },
    );
  });
  await bench.run();
  return tasks.map((task, i) => {
    const r = bench.getTask(task.key)?.result;
    const samples = measured[i] ?? [];
    if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) {
      const error = r && 'error' in r && r.error ? String((r.error as Error).message ?? r.error) : `state ${r?.state}`;
      return { key: task.key, ok: false, error, samples };
    }
    return {
      key: task.key,
      ok: true,
      samples,
      stats: rowStats(r.latency, samples),
    };
  });
}

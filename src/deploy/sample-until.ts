/**
 * Interleaved sampling until each task is precise enough: round-robin over the tasks still sampling (A1, B1, C1,
 * A2, …), so order effects and a warm page cache favour none; a task leaves the rotation when its stopping rule says
 * so, or when a sample or its clean-up fails (that costs only its own task). Statistics come from the same samples,
 * in the order they were measured, through summarize().
 */
import type { RowStats } from '../stats/row-stats.js';
import { summarize } from '../stats/summarize.js';
import type { TaskOutcome } from '../stats/timed-metrics.js';
import { type PrecisionRule, type StopInfo, stopVerdict } from './stopping-rule.js';

/** One task: `sample` is timed by whoever implements it and returns ms; `reset` and `after` are untimed. */
export interface PreciseTask {
  key: string;
  /** Untimed, before every sample (e.g. empty the node). */
  reset?: () => Promise<void>;
  /** Returns the sample, ms, as the task measured it. */
  sample: () => Promise<number>;
  /** Untimed, after every sample, also after a failed one (e.g. remove its container). */
  after?: () => Promise<void>;
}

/** A task's outcome, and why it stopped when it completed. */
export type PreciseOutcome = TaskOutcome & { stop: StopInfo | null };

/** The clock, injectable so tests can give exact times. */
export type Clock = () => number;

/** Sample `tasks` interleaved until each stops by `rule`. Never throws for a failing task; an abort does throw. */
export async function sampleUntilPrecise(
  tasks: readonly PreciseTask[],
  rule: PrecisionRule,
  signal: AbortSignal,
  onSample?: (key: string, ms: number, index: number) => void,
  now: Clock = () => performance.now(),
): Promise<PreciseOutcome[]> {
  const state = tasks.map((task) => ({
    task,
    samples: [] as number[],
    /** Time this task's own iterations took, ms: with interleaving, the wall clock would count the others'. */
    spent: 0,
    error: null as string | null,
    stop: null as StopInfo | null,
  }));
  let active = state.filter(() => true);
  while (active.length > 0) {
    for (const s of active) {
      signal.throwIfAborted();
      const t0 = now();
      let failure: unknown = null;
      try {
        await s.task.reset?.();
        const ms = await s.task.sample();
        s.samples.push(ms);
        onSample?.(s.task.key, ms, s.samples.length);
      } catch (err) {
        failure = err;
      }
      await s.task.after?.().catch((err: unknown) => {
        failure ??= new Error(`after a sample: ${(err as Error).message ?? err}`, { cause: err });
      });
      s.spent += now() - t0;
      if (failure !== null) {
        signal.throwIfAborted();
        s.error = (failure as Error).message ?? String(failure);
        continue;
      }
      s.stop = stopVerdict(s.samples, s.spent, rule);
    }
    active = active.filter((s) => s.error === null && s.stop === null);
  }
  const out: PreciseOutcome[] = [];
  for (const s of state) {
    if (s.error !== null) {
      out.push({ key: s.task.key, ok: false, error: s.error, samples: s.samples, stop: null });
      continue;
    }
    const stats: RowStats = await summarize(s.samples);
    out.push({ key: s.task.key, ok: true, stats, samples: s.samples, stop: s.stop });
  }
  return out;
}

/**
 * The one sampler of every timed metric (builds, start-up, deploys): cells sampled round-robin over those still
 * sampling (A1, B1, C1, A2, …), so order effects and a warm page cache favour none; a cell leaves the rotation when
 * its stopping rule says so (a fixed count is a rule whose minimum and maximum agree), or when a sample or its
 * clean-up fails, which costs only its own cell. Statistics come from the samples, in the order they were measured,
 * through summarize() (tinybench).
 */
import type { RowStats } from './row-stats.js';
import { type PrecisionRule, type StopInfo, stopVerdict } from './stopping-rule.js';
import { summarize } from './summarize.js';

/** One cell: `sample` measures one sample and returns it, ms; `reset` and `after` are untimed. */
export interface SampleTask {
  /** `variant|params|metric`, unique in one call. */
  key: string;
  /** Untimed, before every sample (e.g. empty the node, set the link). */
  reset?: () => Promise<void>;
  /** Takes one sample and returns it, ms, as the task measured it (only the part it times). */
  sample: () => Promise<number>;
  /** Untimed, after every sample, also after a failed one (e.g. remove its container or image). */
  after?: () => Promise<void>;
}

/** A cell's outcome: statistics and raw samples (ms, in measured order), or the error that ended it. */
export type TaskOutcome =
  | { key: string; ok: true; stats: RowStats; samples: number[]; stop: StopInfo | null }
  | { key: string; ok: false; error: string; samples: number[]; stop: null };

/** The clock, injectable so tests can give exact times. */
export type Clock = () => number;

/** What the sampler tells as it goes: each sample (n is the cell's count so far), and each cell as it stops. */
export interface SampleHooks {
  onSample?: (key: string, ms: number, n: number) => void;
  /** `spentMs`: the cell's own time, resets and clean-ups included. */
  onStop?: (outcome: TaskOutcome, spentMs: number) => void;
}

/** A rule that takes exactly `n` samples: what `--runs` asks for, and how builds are timed. */
export function fixedRule(n: number): PrecisionRule {
  return { target: 0, minRuns: n, maxRuns: n, maxMs: Number.POSITIVE_INFINITY };
}

/** A stopped cell's outcome: its statistics, or the error that ended it. */
async function outcomeOf(s: {
  task: SampleTask;
  samples: number[];
  error: string | null;
  stop: StopInfo | null;
}): Promise<TaskOutcome> {
  if (s.error !== null) return { key: s.task.key, ok: false, error: s.error, samples: s.samples, stop: null };
  const stats: RowStats = await summarize(s.samples);
  return { key: s.task.key, ok: true, stats, samples: s.samples, stop: s.stop };
}

/** Sample `tasks` interleaved until each stops by `rule`. Never throws for a failing task; an abort does throw. */
export async function sampleTasks(
  tasks: readonly SampleTask[],
  rule: PrecisionRule,
  signal: AbortSignal,
  hooks: SampleHooks = {},
  now: Clock = () => performance.now(),
): Promise<TaskOutcome[]> {
  const state = tasks.map((task) => ({
    task,
    samples: [] as number[],
    /** Time this task's own iterations took, ms: with interleaving, the wall clock would count the others'. */
    spent: 0,
    error: null as string | null,
    stop: null as StopInfo | null,
    outcome: null as TaskOutcome | null,
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
        hooks.onSample?.(s.task.key, ms, s.samples.length);
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
    const leaving = active.filter((s) => s.error !== null || s.stop !== null);
    for (const s of leaving) {
      s.outcome = await outcomeOf(s);
      hooks.onStop?.(s.outcome, s.spent);
    }
    active = active.filter((s) => s.outcome === null);
  }
  return state.map((s) => s.outcome as TaskOutcome);
}

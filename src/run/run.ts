/** The program: plan, connect, choose the profile, prepare bases, measure each variant, write reports, clean up. */
import { execFileSync } from 'node:child_process';
import { ensureBasesPerGo } from '../bases/ensure-bases.js';
import type { Engine } from '../engine/engine.js';
import { engineProduct } from '../engine/engine-kind.js';
import { EngineError, InputError, oneLine } from '../errors.js';
import { readHistory } from '../history/history-file.js';
import { HistoryError } from '../history/parse-history.js';
import { findProfile, type ProfileDefinition } from '../profiles/index.js';
import { publishRun } from '../publish/publish-run.js';
import { assertWritable, writeReports } from '../report/writer.js';
import type { EnvironmentFacts, RunResult } from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import { cleanupRun, cleanupStale } from './cleanup.js';
import { measureVariant } from './measure-variant.js';
import type { RunOptions } from './options.js';
import { makePlan, renderAll } from './plan.js';
import type { Progress } from './progress.js';
import { type OpenNode, pullPhase, timePulls } from './pull-phase.js';
import type { RunContext } from './run-context.js';
import { newRunId } from './run-id.js';
import { judgeRun, problemLines, verdictLine } from './run-summary.js';
import { type BuiltVariant, timeBuilds, timeStartup } from './timed-phase.js';

export interface RunDeps {
  engine: Engine;
  progress: Progress;
  signal: AbortSignal;
  /** Where pulls and deploys run; default: `--node-engine`, else an engine the harness starts (tests pass a fake). */
  openNode?: OpenNode;
  /**
   * Stops the node engines that killed runs left behind, telling each line to `note` (the CLI passes
   * cleanStaleNodes of src/node/stale-nodes.ts where node engines can be started; absent, none is looked for).
   */
  cleanStaleNodes?: (note: (line: string) => void) => Promise<unknown>;
}

export interface RunOutcome {
  result: RunResult;
  /** 0 every requested cell measured (or was skipped with a reason), 1 a variant or any metric group failed. */
  exitCode: 0 | 1;
  files: string[];
}

function gitSha(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** Run the benchmark. Bad input throws InputError before the engine is touched; results are rewritten per variant. */
export async function run(opts: RunOptions, deps: RunDeps): Promise<RunOutcome> {
  const { engine, progress, signal } = deps;
  const plan = makePlan(opts);
  if ('problems' in plan) throw new InputError(plan.problems);
  await assertWritable(opts.out);
  // A history that does not parse stops the run before anything is measured, and is never touched.
  await readHistory(opts.out).catch((err) => {
    throw err instanceof HistoryError ? new InputError([err.message]) : err;
  });

  const startedAtMs = Date.now();
  const runId = newRunId(new Date(startedAtMs));
  const environment = await engine.describe(opts.builder, signal);
  // Every variant build would fail the same way: say so once, with the way out, before anything is built.
  const noBuildkit = opts.builder === 'buildkit' && engine.kind ? (await engine.kind(signal)).noBuildkit : null;
  if (noBuildkit) throw new InputError([`--builder buildkit: ${noBuildkit}; run with --builder classic`]);
  const { def, reason } = await chooseProfile(engine, opts, plan.candidates, signal);
  progress.note(
    `run ${runId}: profile "${def.id}" (${reason}); builder ${opts.builder}; ` +
      `engine ${engineProduct(environment.engineName)} ${environment.engineVersion} ` +
      `(${apiNote(environment)})`,
  );

  const ctx: RunContext = {
    runId,
    gitSha: gitSha(opts.appDir),
    profile: def.id,
    builder: opts.builder,
    engineVersion: environment.engineVersion,
    imageStore: environment.imageStore,
    startedAtMs,
    signal,
  };
  const result: RunResult = {
    runId,
    startedAt: new Date(startedAtMs).toISOString(),
    finishedAt: null,
    gitSha: ctx.gitSha,
    profile: def.id,
    profileReason: reason,
    builder: opts.builder,
    shard: opts.shard ? `${opts.shard.index}/${opts.shard.count}` : null,
    environment,
    variants: [],
    measurements: [],
    samples: {},
    warnings: [],
  };
  // Reports exist before the first build, so a later failure never leaves the folder empty.
  let files = await writeReports(opts.out, result);
  const stale = await cleanupStale(engine, runId, signal);
  if (stale) progress.note(`removed ${stale} resource(s) left by an interrupted earlier run`);
  await deps.cleanStaleNodes?.((line) => progress.note(line));

  const rendered = renderAll(plan, def);
  try {
    if (def.id === 'local') await prepareLocalBases(engine, rendered, opts, runId, progress, signal);
    const builtVariants: BuiltVariant[] = [];
    for (const rv of rendered) {
      const outcome = await measureVariant(engine, rv, ctx, opts, progress);
      result.measurements.push(...outcome.rows);
      result.variants.push(outcome.record);
      if (outcome.builtVariant) builtVariants.push(outcome.builtVariant);
      files = await writeReports(opts.out, result);
    }
    // Timed metrics run across all variants at once, so their samples interleave.
    const phases = [
      ['build', timeBuilds],
      ['pull', deps.openNode ? pullPhase(deps.openNode) : timePulls],
      ['startup', timeStartup],
    ] as const;
    for (const [group, phase] of phases) {
      // One phase pushes to the registry for both engine pulls and deploys.
      const wanted = opts.metrics.includes(group) || (group === 'pull' && opts.metrics.includes('deploy'));
      if (!wanted || builtVariants.length === 0) continue;
      const out = await phase(engine, builtVariants, ctx, opts, progress);
      result.measurements.push(...out.rows);
      Object.assign(result.samples, out.samples);
      result.warnings.push(...out.warnings);
      files = await writeReports(opts.out, result);
    }
  } finally {
    progress.start('clean-up');
    const summary = await cleanupRun(engine, runId, startedAtMs).catch((err) => `clean-up failed: ${oneLine(err)}`);
    progress.done(summary);
    result.finishedAt = new Date().toISOString();
    files = await writeReports(opts.out, result);
  }
  // The history line, charts and lesson come once the run is complete; an interrupted run leaves only its results.
  files = await publishRun(opts.out, result, { appendToHistory: true }).catch((err) => {
    progress.note(`history, charts or lesson not written: ${oneLine(err)}`);
    return files;
  });
  // A failed cell in any requested group fails the run, not only a variant that did not build or serve.
  const verdict = judgeRun(result);
  for (const line of problemLines(verdict, result.variants)) progress.note(line);
  progress.note(`${verdictLine(verdict)}; wrote ${files.join(', ')}`);
  return { result, exitCode: verdict.exitCode, files };
}

/** `API 1.52`, or `API 1.52 of its 1.53` when the engine speaks a newer one than the harness pinned. */
function apiNote(env: EnvironmentFacts): string {
  const newer =
    env.engineApiVersion && env.engineApiVersion !== env.apiVersion ? ` of its ${env.engineApiVersion}` : '';
  return `API ${env.apiVersion}${newer}`;
}

/** `auto`: hub when the engine reaches Docker Hub, else local; the reason is printed and recorded. */
async function chooseProfile(
  engine: Engine,
  opts: RunOptions,
  candidates: ProfileDefinition[],
  signal: AbortSignal,
): Promise<{ def: ProfileDefinition; reason: string }> {
  const only = candidates[0];
  if (opts.profile !== 'auto' && only) return { def: only, reason: 'chosen with --profile' };
  const hub = await engine.canReachHub(signal);
  const id = hub.reachable ? 'hub' : 'local';
  return { def: findProfile(id) as ProfileDefinition, reason: `--profile auto: ${hub.reason}` };
}

async function prepareLocalBases(
  engine: Engine,
  rendered: RenderedVariant[],
  opts: RunOptions,
  runId: string,
  progress: Progress,
  signal: AbortSignal,
): Promise<void> {
  // Bases per Go version: a goVersion sweep needs each version's Go bases.
  const byGo = new Map<string, string[]>();
  for (const rv of rendered) {
    const ids = new Set(byGo.get(rv.profile.goVersion));
    for (const role of rv.roles) {
      const base = rv.profile.images[role].localBase;
      if (base) ids.add(base);
    }
    byGo.set(rv.profile.goVersion, [...ids]);
  }
  const all = [...new Set([...byGo.values()].flat())];
  if (all.length === 0) return;
  progress.start(`offline bases (${all.join(', ')})`);
  try {
    const records = await ensureBasesPerGo(engine, byGo, {
      rebuild: opts.rebuildBases,
      runId,
      signal,
      onStep: (m) => progress.note(`  ${m}`),
    });
    const built = records.filter((r) => r.builtNow).length;
    progress.done(`${records.length} ready (${built} built now, ${records.length - built} reused)`);
  } catch (err) {
    progress.done('FAILED');
    throw new EngineError('prepare bases', all.join(','), oneLine(err), { cause: err });
  }
}

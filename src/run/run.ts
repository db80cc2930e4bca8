/** The program: plan, connect, choose the profile, prepare bases, measure each variant, write reports, clean up. */
import { execFileSync } from 'node:child_process';
import { basesToBuild, ensureBasesPerGo } from '../bases/ensure-bases.js';
import type { Engine } from '../engine/engine.js';
import { engineProduct } from '../engine/engine-kind.js';
import { CannotRunError, EngineError, InputError, oneLine } from '../errors.js';
import { readHistory } from '../history/history-file.js';
import { metricDef, metricsOf } from '../metrics/catalogue.js';
import { harnessVersion } from '../paths.js';
import { findProfile, type ProfileDefinition } from '../profiles/index.js';
import { publishProgress, publishRun } from '../publish/publish-run.js';
import { COMPRESSION_KEY, type Compression, DEFAULT_COMPRESSION, withCompression } from '../registry/compression.js';
import {
  type Announced,
  type EnvironmentFacts,
  METRIC_GROUPS,
  type MetricGroup,
  type PhaseLoad,
  type RunResult,
  type RunTiming,
} from '../types.js';
import type { RenderedVariant } from '../variants/render-variant.js';
import type { CheckedRun } from './check-input.js';
import { cleanupRun, cleanupStale } from './cleanup.js';
import { estimateLine, machinePace } from './estimate.js';
import { announcedLine, type FeasibilityProbe, thisMachineProbe, unavailableHere } from './feasibility.js';
import { busyWarning, watchLoad } from './machine-load.js';
import { measureVariant } from './measure-variant.js';
import type { RunOptions } from './options.js';
import { phaseResults } from './phase-results.js';
import { renderAll } from './plan.js';
import type { Progress } from './progress.js';
import { type OpenNode, pullPhase, timePulls } from './pull-phase.js';
import { type RunContext, skippedRow } from './run-context.js';
import { newRunId } from './run-id.js';
import { judgeRun, problemLines, verdictLine } from './run-summary.js';
import { estimateCells, estimateFor, startTiming, timedPhase, timingLine } from './run-timing.js';
import { type Built, findSameImages, variantName } from './same-image.js';
import { type TimedOutput, timeBuilds, timeStartup } from './timed-phase.js';

export interface RunDeps {
  engine: Engine;
  progress: Progress;
  signal: AbortSignal;
  /** Where pulls and deploys run; default: `--node-engine`, else an engine the harness starts (tests pass a fake). */
  openNode?: OpenNode;
  /** What this machine can run (tools, rights); default: this machine, or with `openNode` a machine that can open it. */
  probe?: FeasibilityProbe;
  /**
   * Stops the node engines that killed runs left behind, telling each line to `note` (the CLI passes
   * cleanStaleNodes of src/node/stale-nodes.ts where node engines can be started; absent, none is looked for).
   */
  cleanStaleNodes?: (note: (line: string) => void) => Promise<unknown>;
}

export interface RunOutcome {
  result: RunResult;
  /** 0 every requested cell measured (or was announced skipped), 1 a variant, a metric group, a clean-up or the publish failed. */
  exitCode: 0 | 1;
  files: string[];
}

/**
 * SOURCE_DATE_EPOCH for the run's builds: when the sample app last changed, by its git history (the convention
 * reproducible builds follow), or 0 outside a git checkout. A commit that leaves the app alone keeps the date.
 */
function sourceDateEpoch(appDir: string): number {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct', '--', '.'], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    const s = Number(out.toString().trim());
    return Number.isInteger(s) && s > 0 ? s : 0;
  } catch {
    return 0;
  }
}

function gitSha(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * Run the benchmark the input check planned. A group named in `--metrics` that cannot run here throws CannotRunError
 * before the first build; results are rewritten per variant; a failed clean-up or publish fails the run.
 */
export async function run(checked: CheckedRun, deps: RunDeps): Promise<RunOutcome> {
  const { options: requested, plan } = checked;
  const { engine, progress, signal } = deps;
  const startedAtMs = Date.now();
  const runId = newRunId(new Date(startedAtMs));
  const environment = await engine.describe(requested.builder, signal);
  // Every variant build would fail the same way: say so once, with the way out, before anything is built.
  const noBuildkit = requested.builder === 'buildkit' && engine.kind ? (await engine.kind(signal)).noBuildkit : null;
  if (noBuildkit) throw new InputError([`--builder buildkit: ${noBuildkit}; run with --builder classic`]);
  const { def, reason } = await chooseProfile(engine, requested, plan.candidates, signal);
  const probe = deps.probe ?? defaultProbe(deps);
  const announced = await unavailableHere(requested, engine, probe, signal);
  // A form other than gzip is only ever named by the user (--compression): one that cannot be made here stops the run.
  const named = announced.filter(
    (a) =>
      (requested.metricsNamed && requested.metrics.includes(a.subject as MetricGroup)) ||
      a.subject.startsWith(`${COMPRESSION_KEY}=`),
  );
  if (named.length > 0)
    throw new CannotRunError(
      named.map((a) =>
        a.subject.startsWith(`${COMPRESSION_KEY}=`)
          ? `--compression ${a.subject.slice(COMPRESSION_KEY.length + 1)}: cannot run here: ${a.reason}; ${a.silence}`
          : `--metrics ${a.subject}: cannot run here: ${a.reason}; drop ${a.subject} from --metrics`,
      ),
    );
  // The groups that run: those asked for, less those announced as impossible here.
  const skippedGroups = new Set(announced.map((a) => a.subject));
  const opts: RunOptions = { ...requested, metrics: requested.metrics.filter((g) => !skippedGroups.has(g)) };
  progress.note(
    `run ${runId}: profile "${def.id}" (${reason}); builder ${opts.builder}; ` +
      `engine ${engineProduct(environment.engineName)} ${environment.engineVersion} ` +
      `(${apiNote(environment)})`,
  );
  const rendered = renderAll(plan, def);
  for (const rv of rendered)
    if (rv.skipped)
      announced.push({
        subject: rv.variant.id,
        reason: rv.skipped,
        silence: `\`--variants\` without ${rv.variant.id}, or another --profile, silences this`,
      });
  for (const a of announced) progress.note(`plan: ${announcedLine(a)}`);
  const basesByGo = def.id === 'local' ? localBasesByGo(rendered) : new Map<string, string[]>();
  const toBuild = basesByGo.size ? await basesToBuild(engine, basesByGo, { rebuild: opts.rebuildBases, signal }) : 0;
  // The history was checked before the engine was contacted; read whole now, it gives the estimate its figures.
  const history = await readHistory(opts.out).catch((err: unknown) => {
    progress.note(`estimate without the history: ${oneLine(err)}`);
    return [];
  });
  const estimate = estimateFor(opts, estimateCells(rendered), history, toBuild);
  progress.note(`plan: ${rendered.length} variant(s), ${opts.metrics.join(', ')}; estimate ${estimateLine(estimate)}`);

  const result: RunResult = {
    runId,
    startedAt: new Date(startedAtMs).toISOString(),
    finishedAt: null,
    gitSha: gitSha(opts.appDir),
    toolVersion: harnessVersion(),
    profile: def.id,
    profileReason: reason,
    builder: opts.builder,
    shard: opts.shard ? `${opts.shard.index}/${opts.shard.count}` : null,
    environment,
    variants: [],
    measurements: [],
    samples: {},
    warnings: [],
    announced,
    cleanupFailures: [],
    timing: startTiming(estimate),
  };
  const timing = result.timing as RunTiming;
  const ctx: RunContext = {
    runId,
    gitSha: result.gitSha,
    profile: def.id,
    builder: opts.builder,
    engineVersion: environment.engineVersion,
    imageStore: environment.imageStore,
    startedAtMs,
    signal,
    sourceDateEpoch: sourceDateEpoch(opts.appDir),
    scanner: opts.metrics.includes('anatomy') ? await probe.scanner() : null,
    // Every clean-up failure anywhere in the run is told at once and fails the run at its end.
    note: (line) => {
      result.cleanupFailures?.push(line);
      progress.note(line);
    },
  };
  // A short look at the machine before anything is measured: a busy one is said at once, not found out afterwards.
  const quiet = watchLoad('before the first build');
  await new Promise((r) => setTimeout(r, 500));
  const before = quiet();
  if (before) recordLoad(result, before, progress);
  // Reports exist before the first build, so a later failure never leaves the folder empty.
  let files = await publishProgress(opts.out, result);
  let completed = false;
  const stale = await cleanupStale(engine, runId, signal);
  if (stale) progress.note(`removed ${stale} resource(s) left by an interrupted earlier run`);
  await deps.cleanStaleNodes?.((line) => progress.note(line));

  try {
    if (basesByGo.size)
      await timedPhase(timing, 'bases', () => prepareLocalBases(engine, basesByGo, opts, runId, progress, signal));
    const built: Built[] = [];
    await timedPhase(timing, 'builds', async () => {
      for (const rv of rendered) {
        const outcome = await measureVariant(engine, rv, ctx, opts, progress);
        result.measurements.push(
          ...outcome.rows,
          ...announcedRows(ctx, outcome, announced, opts.compressions ?? [DEFAULT_COMPRESSION]),
        );
        result.variants.push(outcome.record);
        if (outcome.builtVariant) built.push({ built: outcome.builtVariant, record: outcome.record });
        files = await publishProgress(opts.out, result);
      }
    });
    const builtVariants = built.map((b) => b.built);
    // An image two variants share is pulled, deployed and started once; the build phases still time every variant.
    const sharedBy = built.length > 1 ? await findSameImages(engine, built, signal) : new Map();
    for (const [sharer, measured] of sharedBy)
      progress.note(
        `${variantName(sharer.target)}: the same image as ${variantName(measured.target)}, file for file; its pulls, deploys and start-up are measured once`,
      );
    const measuredOnce = builtVariants.filter((b) => !sharedBy.has(b));
    // With the images' sizes known and the shared ones found, what is left is estimated again.
    const shared = new Set([...sharedBy.keys()].map((b) => variantName(b.target)));
    const pace = machinePace(result.measurements, history);
    const left = estimateFor(opts, estimateCells(rendered, result.measurements, shared), history, 0, pace);
    const timedLeft = { ...left, phases: left.phases.filter((p) => p.samples > 0) };
    timedLeft.seconds = timedLeft.phases.reduce((s, p) => s + p.seconds, 0);
    if (timedLeft.phases.length) progress.note(`timed phases: ${estimateLine(timedLeft)}`);
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
      const loadEnd = watchLoad(group);
      const taken = phaseResults(result, sharedBy);
      // What the phase finishes is kept and published as it goes: a stop mid-phase loses only the series under way.
      ctx.checkpoint = async (partial) => {
        taken.take(partial);
        files = await publishProgress(opts.out, result);
      };
      let out: TimedOutput;
      try {
        out = await timedPhase(timing, PHASE_NAMES[group], () =>
          phase(engine, group === 'build' ? builtVariants : measuredOnce, ctx, opts, progress),
        );
      } finally {
        delete ctx.checkpoint;
      }
      taken.take(out);
      const load = loadEnd();
      // Each timed row says how busy the machine was while it was timed; the trend reads it from the history.
      if (load) for (const r of taken.rows) if (r.unit === 'ms' && r.status === 'ok') r.other_cpu = load.otherShare;
      if (load) recordLoad(result, load, progress);
      files = await publishProgress(opts.out, result);
    }
    completed = true;
  } finally {
    progress.start('clean-up');
    const summary = await cleanupRun(engine, runId, startedAtMs).catch((err) => {
      ctx.note(`clean-up: remove this run's containers, images and build-cache records failed: ${oneLine(err)}`);
      return 'FAILED: see the line above';
    });
    progress.done(summary);
    result.finishedAt = new Date().toISOString();
    timing.seconds = (Date.now() - startedAtMs) / 1000;
    // A run cut short (a lost engine) leaves its results saying how it ended; a complete one writes them once, below.
    if (!completed) files = await publishProgress(opts.out, result);
  }
  // The history line, charts and lesson come once the run is complete; an interrupted run leaves only its results.
  let publishFailure: string | null = null;
  files = await publishRun(opts.out, result, { appendToHistory: true }).catch(async (err) => {
    publishFailure = `history, charts or lesson not written: ${oneLine(err)}`;
    progress.note(publishFailure);
    // The publish may have stopped before results.*: they still say how the run ended.
    return publishProgress(opts.out, result);
  });
  // A failed cell in any requested group fails the run, not only a variant that did not build or serve; so does a
  // failed clean-up or publish.
  const verdict = judgeRun(result, publishFailure);
  for (const line of problemLines(verdict, result.variants)) progress.note(line);
  const took = timingLine(result);
  if (took) progress.note(took);
  progress.note(`${verdictLine(verdict)}; wrote ${files.join(', ')}`);
  return { result, exitCode: verdict.exitCode, files };
}

/** Keep a phase's load in the environment, and warn (now and in the report) when others took a share of the machine. */
function recordLoad(result: RunResult, load: PhaseLoad, progress: Progress): void {
  if (result.environment) result.environment.load = [...(result.environment.load ?? []), load];
  const warning = busyWarning(load);
  if (!warning) return;
  result.warnings.push(warning);
  progress.note(`warning: ${warning}`);
}

/** This machine's checks, or, when the caller brings its own node, only the ones that do not concern the node. */
function defaultProbe(deps: RunDeps): FeasibilityProbe {
  return deps.openNode ? { ...thisMachineProbe, nodeUnavailable: () => null, has: async () => true } : thisMachineProbe;
}

/** The skipped rows of the groups the plan announced, for a variant that was measured (a skipped variant has its own). */
function announcedRows(
  ctx: RunContext,
  outcome: Awaited<ReturnType<typeof measureVariant>>,
  announced: Announced[],
  forms: readonly Compression[],
): RunResult['measurements'] {
  if (outcome.record.status === 'skipped') return [];
  const target = outcome.builtVariant?.target ?? {
    variant: outcome.record.variant,
    params: outcome.record.params,
    image: outcome.record.image,
    base: outcome.record.finalBase?.ref ?? null,
  };
  return announced.flatMap((a) => {
    if ((METRIC_GROUPS as readonly string[]).includes(a.subject)) {
      // Pulls and deploys have a row set per form; the other groups one.
      const each = a.subject === 'pull' || a.subject === 'deploy' ? forms : [DEFAULT_COMPRESSION];
      return each.flatMap((c) =>
        metricsOf(a.subject as MetricGroup).map((d) =>
          skippedRow(ctx, { ...target, params: withCompression(target.params, c) }, d.name, a.reason),
        ),
      );
    }
    // One metric of a group that runs (the classic builder's cache hits): its row comes with the group's. The pull
    // phase writes the rows of its own announced metrics, one per form.
    const def = metricDef(a.subject);
    if (!def || def.group === 'pull' || def.group === 'deploy') return [];
    return outcome.builtVariant ? [skippedRow(ctx, target, a.subject, a.reason)] : [];
  });
}

/** How each timed group's phase is named in the timing record and the estimate. */
const PHASE_NAMES = { build: 'timed builds', pull: 'deploys', startup: 'start-up' } as const;

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

/** The offline bases the variants need, per Go version: a goVersion sweep needs each version's Go bases. */
function localBasesByGo(rendered: RenderedVariant[]): Map<string, string[]> {
  const byGo = new Map<string, string[]>();
  for (const rv of rendered) {
    const ids = new Set(byGo.get(rv.profile.goVersion));
    for (const role of rv.roles) {
      const base = rv.profile.images[role].localBase;
      if (base) ids.add(base);
    }
    if (ids.size) byGo.set(rv.profile.goVersion, [...ids]);
  }
  return byGo;
}

async function prepareLocalBases(
  engine: Engine,
  byGo: Map<string, string[]>,
  opts: RunOptions,
  runId: string,
  progress: Progress,
  signal: AbortSignal,
): Promise<void> {
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

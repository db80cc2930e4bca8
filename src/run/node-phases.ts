/**
 * The timed work on the node engine: cold pulls at each link and deploys to the first 200, sampled interleaved across
 * variants until precise, the node emptied before every sample.
 */

import { deploySample, physicsProblem } from '../deploy/deploy-sample.js';
import { DEPLOY_LINKS, DEPLOY_PARTS, NODE_LINKS, type NodeLink } from '../deploy/links.js';
import { ruleFor } from '../deploy/precision-options.js';
import { type PreciseOutcome, type PreciseTask, sampleUntilPrecise } from '../deploy/sample-until.js';
import { stopNote } from '../deploy/stopping-rule.js';
import type { NodeEngine } from '../node/node-engine.js';
import type { PullTiming } from '../registry/pull-timing.js';
import { summarize } from '../stats/summarize.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import { failedRow, okRow, type RunContext } from './run-context.js';
import { type BuiltVariant, cellKey, outlierWarning, sampleLogger, type TimedOutput } from './timed-phase.js';

/** An image pushed to the harness's registry, with the variant it belongs to. */
export type Pushed = { t: BuiltVariant; timing: PullTiming };

/** The timed work of one metric family on the node, writing its rows, samples and warnings into `out`. */
export type NodePhase = (
  node: NodeEngine,
  pushed: Pushed[],
  ctx: RunContext,
  opts: RunOptions,
  progress: Progress,
  out: TimedOutput,
) => Promise<void>;

/** Where a metric is being sampled: the phase's arguments, the metric's name at this link, the link and the rule. */
interface Here<L extends NodeLink> {
  node: NodeEngine;
  pushed: Pushed[];
  ctx: RunContext;
  opts: RunOptions;
  out: TimedOutput;
  metric: string;
  bps: L['bps'];
  rule: ReturnType<typeof ruleFor>;
}

/** What a metric does at one link: how each pushed image is sampled, and how the outcomes become rows. */
interface AtLink {
  /** The sampler of one pushed image; it is given the reference to pull, at the link's registry host. */
  sampler(p: Pushed): (ref: string) => Promise<number>;
  /** Rows, samples and warnings from the outcomes, in the order of `pushed`. */
  record(outcomes: PreciseOutcome[]): Promise<void>;
}

/**
 * A node phase with one metric per link, named by `name`: every pushed image sampled interleaved across variants
 * until precise, the node emptied and set to the link before each sample, the link lifted once the metric is done.
 */
function eachLink<L extends NodeLink>(
  links: readonly L[],
  name: (link: string) => string,
  at: (here: Here<L>) => AtLink,
): NodePhase {
  return async (node, pushed, ctx, opts, progress, out) => {
    const rule = ruleFor(opts, 'pull');
    for (const { link, bps } of links) {
      const metric = name(link);
      progress.start(`${metric} (${pushed.length} variants, interleaved; node emptied before each sample)`);
      const here = at({ node, pushed, ctx, opts, out, metric, bps, rule });
      const tasks: PreciseTask[] = pushed.map((p) => {
        const sample = here.sampler(p);
        let host = '';
        return {
          key: cellKey(p.t.target, metric),
          reset: async () => {
            await node.wipe();
            host = await node.link(bps);
          },
          sample: () => sample(`${host}/${p.timing.repo}:${p.timing.tag}`),
        };
      });
      const outcomes = await sampleUntilPrecise(tasks, rule, ctx.signal, sampleLogger(progress, rule.maxRuns));
      await node.link(null);
      await here.record(outcomes);
      progress.done('done');
    }
  };
}

/** pull_engine_cold, _100mbit, _1gbit: the node pulls each image into an empty store, interleaved across variants. */
export const timeEnginePulls: NodePhase = eachLink(
  NODE_LINKS,
  (link) => `pull_engine_${link}`,
  ({ node, pushed, ctx, out, metric, bps, rule }) => ({
    sampler: () => async (ref) => {
      const r = await node.engine.pullImage(ref, ctx.signal);
      // An empty node has no layer to reuse: one that "already exists" means the pull was not cold.
      if (r.layersAlreadyExist > 0)
        throw new Error(`not cold: ${r.layersAlreadyExist} layer(s) already existed on the node`);
      return r.ms;
    },
    async record(outcomes) {
      pushed.forEach(({ t, timing }, i) => {
        const o = outcomes[i] as PreciseOutcome;
        const problem = bps === null ? null : physicsProblem(o.samples, timing.image_size_compressed, bps);
        const notes = [node.linkNote(bps), rule.fixed || !o.stop ? null : stopNote(o.stop, rule)];
        emit(ctx, t, metric, problem ? { ...o, ok: false, error: problem } : o, notes, out);
      });
    },
  }),
);

/** deploy_<link>: on an empty node, pull at that link, create, start, first 200; with the four parts as rows. */
export const timeDeploys: NodePhase = eachLink(
  DEPLOY_LINKS,
  (link) => `deploy_${link}`,
  ({ node, pushed, ctx, opts, out, metric, bps, rule }) => {
    const parts = new Map<string, Record<(typeof DEPLOY_PARTS)[number], number[]>>();
    return {
      sampler: ({ t }) => {
        const p = { pull: [] as number[], create: [] as number[], start: [] as number[], ready: [] as number[] };
        parts.set(cellKey(t.target, metric), p);
        return async (ref) => {
          const s = await deploySample(node, ref, {
            port: t.rv.variant.port,
            runId: ctx.runId,
            timeoutMs: opts.smokeTimeoutMs,
            signal: ctx.signal,
          });
          for (const part of DEPLOY_PARTS) p[part].push(s[part]);
          return s.total;
        };
      },
      async record(outcomes) {
        for (const [i, { t, timing }] of pushed.entries()) {
          const o = outcomes[i] as PreciseOutcome;
          const key = cellKey(t.target, metric);
          const p = parts.get(key);
          const problem = physicsProblem(p?.pull ?? [], timing.image_size_compressed, bps);
          const notes = [
            `pull over ${node.linkNote(bps)}, then create, start and first GET / answered 200`,
            rule.fixed || !o.stop ? null : stopNote(o.stop, rule),
          ];
          const outcome = problem ? { ...o, ok: false as const, error: problem } : o;
          emit(ctx, t, metric, outcome, notes, out);
          for (const part of DEPLOY_PARTS) {
            const partMetric = `${metric}_${part}`;
            const samples = p?.[part] ?? [];
            if (!outcome.ok || samples.length === 0) {
              out.rows.push(failedRow(ctx, t.target, partMetric, `${metric} failed`));
              continue;
            }
            out.samples[cellKey(t.target, partMetric)] = samples;
            out.rows.push(okRow(ctx, t.target, partMetric, await summarize(samples)));
          }
        }
      },
    };
  },
);

/** The row, raw samples and outlier warning of one sampled task; `notes` are joined with `; `. */
function emit(
  ctx: RunContext,
  t: BuiltVariant,
  metric: string,
  o: PreciseOutcome | (PreciseOutcome & { ok: false; error: string }),
  notes: (string | null)[],
  out: TimedOutput,
): void {
  out.samples[cellKey(t.target, metric)] = o.samples;
  if (!o.ok) {
    out.rows.push(failedRow(ctx, t.target, metric, `${metric}: ${o.error}`));
    return;
  }
  const note = notes.filter(Boolean).join('; ') || null;
  out.rows.push(okRow(ctx, t.target, metric, o.stats, note));
  const warning = outlierWarning(t.target, metric, o.samples);
  if (warning) out.warnings.push(warning);
}

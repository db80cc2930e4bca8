/**
 * Deploys on the node engine, one series per link (loopback, 100 Mbit/s, 1 Gbit/s): each sample empties the node,
 * sets the link, pulls the image cold, creates and starts a container and waits for the first 200. The pull part of
 * a sample is the cold engine pull at that link, so the pull metrics come from the same samples: one cold pull per
 * sample, never a second series of the same images at the same link. Cells are sampled interleaved across images
 * until precise.
 */

import { deploySample, physicsProblem } from '../deploy/deploy-sample.js';
import { DEPLOY_PARTS, NODE_LINKS, type NodeLink } from '../deploy/links.js';
import { metricDef } from '../metrics/catalogue.js';
import type { NodeEngine } from '../node/node-engine.js';
import type { PullTiming } from '../registry/pull-timing.js';
import { type SampleTask, sampleTasks, type TaskOutcome } from '../stats/sampler.js';
import { ruleFor } from '../stats/sampling-options.js';
import { stopNote } from '../stats/stopping-rule.js';
import { summarize } from '../stats/summarize.js';
import type { MetricGroup } from '../types.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import { failedRow, okRow, type RunContext } from './run-context.js';
import {
  type BuiltVariant,
  cellKey,
  expectedSamples,
  outlierWarning,
  sampleMeter,
  type TimedOutput,
} from './timed-phase.js';

/** An image pushed to the harness's registry, with the variant it belongs to. */
export type Pushed = { t: BuiltVariant; timing: PullTiming };

/** The samples of one deploy cell, part by part, in measured order. */
type Parts = Record<(typeof DEPLOY_PARTS)[number], number[]>;

/** Is `metric` one the run asked for (its group, or a group it is also recorded in)? */
function wanted(metric: string, groups: readonly MetricGroup[]): boolean {
  const def = metricDef(metric);
  return (
    def !== undefined &&
    (groups.includes(def.group as MetricGroup) || (def.alsoIn ?? []).some((g) => groups.includes(g)))
  );
}

/**
 * Deploy every pushed image at each link, interleaved across images, the node emptied and set to the link before
 * each sample; write the rows of the metrics `opts.metrics` asks for (deploys, their parts, the pulls).
 */
export async function timeDeploys(
  node: NodeEngine,
  pushed: Pushed[],
  ctx: RunContext,
  opts: RunOptions,
  progress: Progress,
  out: TimedOutput,
): Promise<void> {
  const rule = ruleFor(opts, 'pull');
  for (const link of NODE_LINKS) {
    progress.start(`deploys at ${link.label} (${pushed.length} images, interleaved; node emptied before each sample)`);
    const parts = new Map<string, Parts>();
    const tasks: SampleTask[] = pushed.map(({ t, timing }) => {
      const p: Parts = { pull: [], create: [], start: [], ready: [] };
      const key = cellKey(t.target, link.deploy);
      parts.set(key, p);
      let host = '';
      return {
        key,
        reset: async () => {
          await node.wipe();
          host = await node.link(link.bps);
        },
        sample: async () => {
          const s = await deploySample(node, `${host}/${timing.repo}:${timing.tag}`, {
            port: t.rv.variant.port,
            runId: ctx.runId,
            timeoutMs: opts.smokeTimeoutMs,
            signal: ctx.signal,
          });
          for (const part of DEPLOY_PARTS) p[part].push(s[part]);
          return s.total;
        },
      };
    });
    const outcomes = await sampleTasks(
      tasks,
      rule,
      ctx.signal,
      sampleMeter(progress, expectedSamples(rule, tasks.length)),
    );
    await node.link(null);
    for (const [i, { t, timing }] of pushed.entries()) {
      const o = outcomes[i] as TaskOutcome;
      await record(ctx, t, link, o, parts.get(cellKey(t.target, link.deploy)), {
        bytes: timing.image_size_compressed,
        notes: [
          `pull over ${node.linkNote(link.bps)}, then create, start and first GET / answered 200`,
          rule.fixed || !o.stop ? null : stopNote(o.stop, rule),
        ],
        linkNote: node.linkNote(link.bps),
        groups: opts.metrics,
        out,
      });
    }
    progress.done('done');
  }
}

/** The rows of one deploy cell: its total and each part, the pull part under the pull metric with its own note. */
async function record(
  ctx: RunContext,
  t: BuiltVariant,
  link: NodeLink,
  outcome: TaskOutcome,
  p: Parts | undefined,
  at: { bytes: number; notes: (string | null)[]; linkNote: string; groups: readonly MetricGroup[]; out: TimedOutput },
): Promise<void> {
  // A pull faster than the link can carry the bytes means the limit did not hold: the whole cell is wrong.
  const problem = link.bps === null ? null : physicsProblem(p?.pull ?? [], at.bytes, link.bps);
  const o: TaskOutcome = problem
    ? { key: outcome.key, ok: false, error: problem, samples: outcome.samples, stop: null }
    : outcome;
  const { out } = at;
  if (wanted(link.deploy, at.groups)) {
    out.samples[cellKey(t.target, link.deploy)] = o.samples;
    if (!o.ok) out.rows.push(failedRow(ctx, t.target, link.deploy, `${link.deploy}: ${o.error}`));
    else {
      out.rows.push(okRow(ctx, t.target, link.deploy, o.stats, at.notes.filter(Boolean).join('; ') || null));
      const warning = outlierWarning(t.target, link.deploy, o.samples);
      if (warning) out.warnings.push(warning);
    }
  }
  for (const part of DEPLOY_PARTS) {
    const metric = link.parts[part];
    if (!wanted(metric, at.groups)) continue;
    const samples = p?.[part] ?? [];
    if (!o.ok || samples.length === 0) {
      // The pull names its own failure (a link that did not hold, a node that was not empty); the other parts
      // failed with their deploy.
      const why = o.ok ? 'no samples' : o.error;
      out.rows.push(
        failedRow(ctx, t.target, metric, part === 'pull' ? `${metric}: ${why}` : `${link.deploy} failed: ${why}`),
      );
      continue;
    }
    out.samples[cellKey(t.target, metric)] = samples;
    const note =
      part === 'pull' ? `the pull part of each ${link.deploy} sample: a cold pull over ${at.linkNote}` : null;
    out.rows.push(okRow(ctx, t.target, metric, await summarize(samples), note));
  }
}

/**
 * Deploys on the node engine, one series per link (loopback, 100 Mbit/s, 1 Gbit/s): each sample empties the node,
 * sets the link, pulls the image cold, creates and starts a container and waits for the first 200. The pull part of
 * a sample is the cold engine pull at that link, so the pull metrics come from the same samples: one cold pull per
 * sample, never a second series of the same images at the same link. Cells are sampled interleaved across images
 * until precise.
 */

import type { ImageForm } from '../compress/image-forms.js';
import { deploySample, physicsProblem } from '../deploy/deploy-sample.js';
import { chosenLinks, DEPLOY_PARTS, type NodeLink } from '../deploy/links.js';
import { oneLine } from '../errors.js';
import { metricDef } from '../metrics/catalogue.js';
import type { NodeEngine } from '../node/node-engine.js';
import { cannotPull } from '../node/node-kinds.js';
import { COMPRESSIONS } from '../registry/compression.js';
import { type SampleTask, sampleTasks, type TaskOutcome } from '../stats/sampler.js';
import { ruleFor } from '../stats/sampling-options.js';
import { stopNote } from '../stats/stopping-rule.js';
import { summarize } from '../stats/summarize.js';
import type { MetricGroup } from '../types.js';
import type { RunOptions } from './options.js';
import type { Progress } from './progress.js';
import { failedRow, okRow, type RowTarget, type RunContext, skippedRow } from './run-context.js';
import {
  type BuiltVariant,
  cellKey,
  expectedSamples,
  outlierWarning,
  sampleMeter,
  type TimedOutput,
} from './timed-phase.js';

/** One form of a variant's image in the harness's registry, with the variant and the target its rows go to. */
export type Pushed = { t: BuiltVariant; target: RowTarget & { image: string }; form: ImageForm };

/** The samples of one deploy cell, part by part, in measured order, and the node's CPU time of each pull. */
type Parts = Record<(typeof DEPLOY_PARTS)[number], number[]> & { cpu: number[] };

/** Every metric a deploy cell at `link` writes: the total, its parts and the pull's CPU time. */
function linkMetrics(link: NodeLink): string[] {
  return [link.deploy, ...DEPLOY_PARTS.map((p) => link.parts[p]), link.pullCpu];
}

/**
 * The forms the plan said this node cannot pull, each tried once, untimed, with its smallest image: a form that fails
 * as announced is taken out, and every row of its cells says so with the node's own answer; a form that pulls after
 * all is measured, with a warning that the plan was wrong. Returns the images left to deploy.
 */
async function dropUnpullable(
  node: NodeEngine,
  pushed: Pushed[],
  ctx: RunContext,
  opts: RunOptions,
  progress: Progress,
  out: TimedOutput,
): Promise<Pushed[]> {
  let left = pushed;
  if (!node.kind) return left;
  const kind = node.kind;
  for (const c of COMPRESSIONS) {
    const finding = cannotPull(kind, c);
    const mine = left.filter((p) => p.form.compression === c);
    if (!finding || mine.length === 0) continue;
    const smallest = mine.reduce((a, b) => (b.form.image_size_compressed < a.form.image_size_compressed ? b : a));
    const ref = `${await node.link(null)}/${smallest.form.repo}:${smallest.form.tag}`;
    progress.start(`${c} on the ${kind} node: one untimed pull of ${smallest.target.variant}, as the plan announced`);
    await node.wipe();
    const answer = await node.engine.pullImage(ref, ctx.signal).then(
      () => null,
      (err: unknown) => {
        if (ctx.signal.aborted) throw err;
        return oneLine(err);
      },
    );
    await node.wipe();
    if (answer === null) {
      progress.done('it pulled: measured after all');
      out.warnings.push(
        `the plan said the ${kind} node cannot pull ${c} layers, but it pulled ${smallest.target.variant}'s; its cells were measured`,
      );
      continue;
    }
    progress.done(`as announced: ${answer.slice(0, 160)}`);
    const why = `${finding}; this node's answer to a pull of ${smallest.target.variant} (${c}): ${answer}`;
    for (const p of mine)
      for (const link of chosenLinks(opts.links))
        for (const m of linkMetrics(link))
          if (wanted(m, opts.metrics)) out.rows.push(skippedRow(ctx, p.target, m, why));
    left = left.filter((p) => p.form.compression !== c);
    await ctx.checkpoint?.(out);
  }
  return left;
}

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
  all: Pushed[],
  ctx: RunContext,
  opts: RunOptions,
  progress: Progress,
  out: TimedOutput,
): Promise<void> {
  const rule = ruleFor(opts, 'pull');
  const pushed = await dropUnpullable(node, all, ctx, opts, progress, out);
  if (pushed.length === 0) return;
  for (const link of chosenLinks(opts.links)) {
    progress.start(`deploys at ${link.label} (${pushed.length} images, interleaved; node emptied before each sample)`);
    const parts = new Map<string, Parts>();
    const tasks: SampleTask[] = pushed.map(({ t, target, form }) => {
      const p: Parts = { pull: [], create: [], start: [], ready: [], cpu: [] };
      const key = cellKey(target, link.deploy);
      parts.set(key, p);
      let host = '';
      return {
        key,
        reset: async () => {
          await node.wipe();
          host = await node.link(link.bps);
        },
        sample: async () => {
          const s = await deploySample(node, `${host}/${form.repo}:${form.tag}`, {
            port: t.rv.variant.port,
            runId: ctx.runId,
            timeoutMs: opts.smokeTimeoutMs,
            signal: ctx.signal,
          });
          for (const part of DEPLOY_PARTS) p[part].push(s[part]);
          if (s.pullCpu !== null) p.cpu.push(s.pullCpu);
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
    for (const [i, { target, form }] of pushed.entries()) {
      const o = outcomes[i] as TaskOutcome;
      await record(ctx, target, link, o, parts.get(cellKey(target, link.deploy)), {
        bytes: form.image_size_compressed,
        cpuUnreadable: node.cpuUnreadable,
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
    await ctx.checkpoint?.(out);
  }
}

/** The rows of one deploy cell: its total and each part, the pull part under the pull metric with its own note. */
async function record(
  ctx: RunContext,
  target: RowTarget,
  link: NodeLink,
  outcome: TaskOutcome,
  p: Parts | undefined,
  at: {
    bytes: number;
    cpuUnreadable: string | null;
    notes: (string | null)[];
    linkNote: string;
    groups: readonly MetricGroup[];
    out: TimedOutput;
  },
): Promise<void> {
  const t = { target };
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
  if (!wanted(link.pullCpu, at.groups)) return;
  // Announced in the plan where it cannot be read: the rows say why, for every form.
  if (at.cpuUnreadable) out.rows.push(skippedRow(ctx, t.target, link.pullCpu, at.cpuUnreadable));
  else if (!o.ok || !p || p.cpu.length === 0)
    out.rows.push(failedRow(ctx, t.target, link.pullCpu, `${link.deploy} failed: ${o.ok ? 'no samples' : o.error}`));
  else {
    out.samples[cellKey(t.target, link.pullCpu)] = p.cpu;
    const note = `CPU time of the node engine's cgroup (daemon, containerd, their children) during each ${link.parts.pull} sample`;
    out.rows.push(okRow(ctx, t.target, link.pullCpu, await summarize(p.cpu), note));
  }
}

/**
 * The compression story in words, every word computed from the figures: which form deploys fastest at which link, per
 * variant (largest first); where the crossover lies by the pull model; what the higher levels cost to produce; and how
 * our figures compare with the published claims (src/report/view/compression-claims.ts).
 */

import { LIMITED_LINKS, type NodeLink } from '../../deploy/links.js';
import { DEFAULT_COMPRESSION } from '../../registry/compression.js';
import type { Measurement } from '../../types.js';
import { formatMs } from '../format/format-duration.js';
import { formatDockerSize } from '../format/format-size.js';
import { COMPRESSION_CLAIMS, type CompressionClaim } from './compression-claims.js';
import { type CompressionFacts, cellOf, type FormFacts, okMedian, type VariantForms } from './compression-facts.js';
import { estimatedPullMs, type ModelBand, type ModelForm, modelBands } from './pull-model.js';

/** One variant's part of the story. */
export interface VariantStory {
  name: string;
  paragraphs: string[];
}

/** One claim held against our figures: a cell per variant. */
export interface ClaimRow {
  claim: CompressionClaim;
  /** Per variant, in the story's order: our figure and whether it agrees. */
  ours: string[];
}

/** The story of a run's compressions. */
export interface CompressionStory {
  variants: VariantStory[];
  /** What the higher levels cost to produce, and when that pays back. */
  cost: string[];
  /** The variants the claims table has a column for. */
  claimColumns: string[];
  claims: ClaimRow[];
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** A link speed as a person says it, 2 significant figures (it is an estimate): `310 Mbit/s`, `2.4 Gbit/s`. */
export function formatBps(bps: number): string {
  if (bps >= 1e9) return `${Number((bps / 1e9).toPrecision(2))} Gbit/s`;
  if (bps >= 1e6) return `${Number((bps / 1e6).toPrecision(2))} Mbit/s`;
  return `${Number((bps / 1e3).toPrecision(2))} kbit/s`;
}

/** Do two timed rows' intervals overlap? False when either has none. */
function overlap(a: Measurement | null, b: Measurement | null): boolean {
  if (a?.ci_low == null || a.ci_high == null || b?.ci_low == null || b.ci_high == null) return false;
  return a.ci_low <= b.ci_high && b.ci_low <= a.ci_high;
}

/** The story of `facts`. */
export function compressionStory(facts: CompressionFacts): CompressionStory {
  return {
    variants: facts.variants.map((v) => ({ name: v.name, paragraphs: variantParagraphs(v, facts.links) })),
    cost: costParagraphs(facts),
    claimColumns: facts.variants.map((v) => v.name),
    claims: COMPRESSION_CLAIMS.map((claim) => ({
      claim,
      ours: facts.variants.map((v) => holdAgainst(claim, v, facts.links)),
    })),
  };
}

function variantParagraphs(v: VariantForms, links: readonly NodeLink[]): string[] {
  const gzip = v.forms.find((f) => f.compression === DEFAULT_COMPRESSION) ?? null;
  const size = gzip?.bytes ?? null;
  const head = `${v.name}${size === null ? '' : ` (${formatDockerSize(size)} as gzip)`}`;
  const said = links.flatMap((l) => {
    const cells = v.forms.flatMap((f) => {
      const c = cellOf(f, l);
      const t = okMedian(c?.deploy ?? null);
      return c && t !== null ? [{ f, c, t }] : [];
    });
    if (cells.length < 2) return [];
    cells.sort((a, b) => a.t - b.t);
    const [best, second] = cells as [(typeof cells)[0], (typeof cells)[0]];
    const g = cells.find((x) => x.f.compression === DEFAULT_COMPRESSION);
    const against =
      best.f.compression === DEFAULT_COMPRESSION
        ? ` (next: ${second.f.compression}, ${formatMs(second.t)})`
        : g
          ? ` against gzip's ${formatMs(g.t)}, ${pct(1 - best.t / g.t)} less`
          : '';
    const noise = overlap(best.c.deploy, second.c.deploy) ? `, within the noise of ${second.f.compression}` : '';
    return [`at ${l.label} ${best.f.compression} deploys fastest, in ${formatMs(best.t)}${against}${noise}`];
  });
  const paragraphs = said.length > 0 ? [`${head}: ${said.join('; ')}.`] : [`${head}: no link has two forms measured.`];
  const model = modelParagraph(v);
  if (model) paragraphs.push(model);
  return paragraphs;
}

/** The model's forms of `v`: those with bytes and a loopback pull. */
function modelForms(v: VariantForms): (ModelForm & { form: FormFacts })[] {
  return v.forms.flatMap((f) => {
    const loopback = f.links.find((c) => c.link.bps === null);
    const unpackMs = okMedian(loopback?.pull ?? null);
    return f.bytes !== null && unpackMs !== null
      ? [{ compression: f.compression, bytes: f.bytes, unpackMs, form: f }]
      : [];
  });
}

function bandText(b: ModelBand): string {
  if (b.toBps === null && b.fromBps === 0) return `${b.compression} at every speed`;
  if (b.toBps === null) return `${b.compression}'s above ${formatBps(b.fromBps)}`;
  if (b.fromBps === 0) return `${b.compression}'s below that`;
  return `${b.compression}'s from there down to ${formatBps(b.fromBps)}`;
}

/** Where the crossover lies by the model, and whether the measured pulls agree at the stated links. */
function modelParagraph(v: VariantForms): string | null {
  const forms = modelForms(v);
  if (forms.length < 2) return null;
  const bands = modelBands(forms);
  const model =
    'Estimated from the measured pull parts (pull ≈ unpacking, taken from the pull at loopback speed, + compressed ' +
    'bytes × 8 ÷ link speed), an estimate from that model and not a measurement: ';
  const where =
    bands.length === 1
      ? `${bands[0]?.compression} has the shortest pull at every link speed, being the quickest to unpack and no larger than the rest, so there is no crossover.`
      : `the shortest pull is ${bands.map(bandText).join(', ')}; the crossover${bands.length > 2 ? 's lie' : ' lies'} at ${bands
          .slice(1)
          .map((b) => formatBps(b.toBps as number))
          .join(' and ')}.`;
  const checks = LIMITED_LINKS.flatMap((l) => {
    const measured = forms
      .map((f) => ({ f, t: okMedian(cellOf(f.form, l)?.pull ?? null) }))
      .filter((x): x is { f: (typeof forms)[0]; t: number } => x.t !== null)
      .sort((a, b) => a.t - b.t)[0];
    if (!measured) return [];
    const predicted = [...forms].sort((a, b) => estimatedPullMs(a, l.bps) - estimatedPullMs(b, l.bps))[0];
    return [{ link: l.label, measured: measured.f.compression, predicted: predicted?.compression ?? '' }];
  });
  const wrong = checks.filter((c) => c.measured !== c.predicted);
  const check =
    checks.length === 0
      ? ''
      : wrong.length === 0
        ? ` At ${checks.map((c) => c.link).join(' and ')} the model picks the form whose pull was measured shortest.`
        : ` The model misses at ${wrong.map((c) => `${c.link} (measured shortest pull: ${c.measured}; model: ${c.predicted})`).join(' and ')}, so read the crossover as a rough guide.`;
  return `${model}${where}${check}`;
}

/** The pairs a higher level is compared with: the same algorithm at its default level. */
const LEVEL_PAIRS = [
  ['zstd-19', 'zstd'],
  ['gzip-9', 'gzip'],
] as const;

/** What each higher level cost to produce against its default, and after how many pulls at the slowest link it pays. */
function costParagraphs(facts: CompressionFacts): string[] {
  const slowest = [...facts.links].filter((l) => l.bps !== null).sort((a, b) => (a.bps ?? 0) - (b.bps ?? 0))[0];
  return LEVEL_PAIRS.flatMap(([high, low]) => {
    const items = facts.variants.flatMap((v) => {
      const h = v.forms.find((f) => f.compression === high);
      const l = v.forms.find((f) => f.compression === low);
      const [hp, lp] = [okMedian(h?.push ?? null), okMedian(l?.push ?? null)];
      if (!h || !l || hp === null || lp === null || h.bytes === null || l.bytes === null) return [];
      const fewer = 1 - h.bytes / l.bytes;
      let payback = '';
      if (slowest) {
        const [hd, ld] = [okMedian(cellOf(h, slowest)?.deploy ?? null), okMedian(cellOf(l, slowest)?.deploy ?? null)];
        if (hd !== null && ld !== null) {
          const saved = ld - hd;
          payback =
            saved > 0 && hp > lp
              ? `; its deploy at ${slowest.label} is ${formatMs(saved)} shorter, so the extra ${formatMs(hp - lp)} pays back after ${Math.ceil((hp - lp) / saved)} deploys at that link`
              : saved > 0
                ? `; its deploy at ${slowest.label} is ${formatMs(saved)} shorter, at no extra cost`
                : `; its deploy at ${slowest.label} is not shorter (${formatMs(hd)} against ${formatMs(ld)}), so it never pays back there`;
        }
      }
      const ratio = lp > 0 ? ` (${(hp / lp).toFixed(1)}×)` : '';
      const bytes =
        fewer >= 0 ? `${(fewer * 100).toFixed(1)}% fewer bytes` : `${(-fewer * 100).toFixed(1)}% more bytes`;
      return [`${formatMs(hp)} against ${formatMs(lp)} for ${v.name}${ratio}, for ${bytes}${payback}`];
    });
    return items.length > 0 ? [`Producing and pushing ${high} instead of ${low} took ${items.join('; ')}.`] : [];
  });
}

/** Our figure for `claim` in variant `v`, and whether it agrees. */
function holdAgainst(claim: CompressionClaim, v: VariantForms, links: readonly NodeLink[]): string {
  const zstd = v.forms.find((f) => f.compression === 'zstd');
  const gzip = v.forms.find((f) => f.compression === DEFAULT_COMPRESSION);
  if (!zstd || !gzip) return 'not compared: this run has no zstd or no gzip form';
  const pairs = links.flatMap((l) => {
    const [z, g] = [cellOf(zstd, l), cellOf(gzip, l)];
    if (!z || !g) return [];
    // Task start-up on Fargate pulls over a network: the limited links, not the node's loopback.
    if (claim.compares === 'deploy')
      return l.bps === null ? [] : [{ link: l, z: z.deploy, g: g.deploy, what: 'deploy' }];
    if (l.bps !== null) return [];
    // Decompression is the node's work: its CPU time where recorded, else the pull's wall time at loopback speed.
    const cpu = okMedian(z.cpu) !== null && okMedian(g.cpu) !== null;
    return [
      { link: l, z: cpu ? z.cpu : z.pull, g: cpu ? g.cpu : g.pull, what: cpu ? 'node CPU for the pull' : 'pull' },
    ];
  });
  const measured = pairs.flatMap((p) => {
    const [z, g] = [okMedian(p.z), okMedian(p.g)];
    return z !== null && g !== null && g > 0 ? [{ ...p, zv: z, gv: g, saving: 1 - z / g }] : [];
  });
  if (measured.length === 0) return 'not compared: no figure for both zstd and gzip';
  const best = measured.sort((a, b) => b.saving - a.saving)[0] as (typeof measured)[0];
  const at =
    claim.compares === 'deploy'
      ? ` at ${best.link.label}${measured.length > 1 ? ' (its best link)' : ''}`
      : ' at loopback speed';
  const change = best.saving >= 0 ? `${pct(best.saving)} less` : `${pct(-best.saving)} more`;
  const figure = `${best.what}${at}: ${formatMs(best.zv)} against ${formatMs(best.gv)}, ${change}`;
  const noise = overlap(best.z, best.g) ? '; within the noise (the intervals overlap)' : '';
  return `${figure}: ${verdict(best.saving, claim)}${noise}`;
}

/** Whether a saving agrees with a claim: an "up to" claim any saving up to it (5 points' grace), else within 10 points. */
export function verdict(saving: number, claim: Pick<CompressionClaim, 'saving' | 'upTo'>): string {
  if (saving <= 0) return 'does not agree, zstd saved nothing here';
  if (claim.upTo)
    return saving <= claim.saving + 0.05
      ? `agrees, within its "up to ${pct(claim.saving)}"`
      : `does not agree, more than its "up to ${pct(claim.saving)}"`;
  if (Math.abs(saving - claim.saving) <= 0.1) return `agrees, within 10 points of ${pct(claim.saving)}`;
  return saving > claim.saving
    ? `does not agree, more than the ${pct(claim.saving)} claimed`
    : `does not agree, the same direction but less than the ${pct(claim.saving)} claimed`;
}

/**
 * The deploy story for results.md and the lesson: time to first answer on a fresh node at each link speed beside the
 * compressed size, whether the link or the node sets the pace, and what start-up looks like once the image is there.
 */

import { LIMITED_LINKS } from '../../deploy/links.js';
import { M } from '../../metrics/catalogue.js';
import type { Measurement } from '../../types.js';
import { formatMs } from '../format/format-duration.js';
import { formatDockerSize } from '../format/format-size.js';
import { formatTimed } from '../format/format-timed.js';
import type { PivotRow } from './pivot.js';

/** Start-up medians within this factor of each other are "barely changed" by size. */
const BARELY = 1.5;

/** When the transfer alone is at least half of the pull, the link sets the pace; below, the node does. */
const LINK_BOUND_SHARE = 0.5;

/** One variant's deploy facts at one link. */
export interface DeployCell {
  total: Measurement;
  /** The pull part's median, ms. */
  pullMs: number | null;
  /** compressed bytes ÷ link speed, ms: the least the pull can take. */
  transferMs: number | null;
}

/** `link` (transfer ≥ half of the pull) or `node` (decompression and unpacking take the rest), with the share. */
export function paceOf(cell: Pick<DeployCell, 'pullMs' | 'transferMs'>): { by: 'link' | 'node'; share: number } | null {
  if (cell.pullMs === null || cell.transferMs === null || cell.pullMs <= 0) return null;
  const share = cell.transferMs / cell.pullMs;
  return { by: share >= LINK_BOUND_SHARE ? 'link' : 'node', share };
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A pace cell: `link (82%)`; what the share is and what the node does is said once, in the intro. */
function paceText(cell: DeployCell): string {
  const p = paceOf(cell);
  return p ? `${p.by} (${pct(p.share)})` : '—';
}

/** One variant's deploy cells, one per limited link. */
interface DeployRow {
  name: string;
  bytes: number | null;
  cells: (DeployCell | null)[];
}

/** The rows the deploy table is made of, in report order; variants without an ok deploy cell are left out. */
function deployRows(rows: readonly PivotRow[]): DeployRow[] {
  return rows.flatMap((row) => {
    const compressed = row.cells.get(M.imageSizeCompressed);
    const bytes = compressed?.status === 'ok' ? compressed.value : null;
    const cells = LIMITED_LINKS.map(({ deploy, parts, bps }) => {
      const total = row.cells.get(deploy);
      const pull = row.cells.get(parts.pull);
      if (!total) return null;
      return {
        total,
        pullMs: pull?.status === 'ok' ? pull.value : null,
        transferMs: bytes === null ? null : ((bytes * 8) / bps) * 1000,
      } satisfies DeployCell;
    });
    if (cells.every((c) => c === null)) return [];
    const name = row.params ? `${row.variant} (${row.params})` : row.variant;
    return [{ name, bytes, cells }];
  });
}

/** The deploy story as text cells: the intro, the table and one sentence per link on what sets the pace. */
export interface DeployFacts {
  intro: string;
  header: string[];
  /** Right-aligned columns (numbers). */
  right: ReadonlySet<number>;
  body: string[][];
  summary: string;
}

/** What the deploy table shows and how, in one paragraph; the notes that hold for every row are said here once. */
export const DEPLOY_INTRO =
  'Time to first answer on a node that holds nothing: the node engine pulls the image over a link of the stated ' +
  'speed, creates and starts the container, and the first `GET /` is answered 200. The node is emptied before ' +
  'every sample, so every layer is downloaded. "Paced by" says what sets the pace of the pull: the link when the ' +
  `transfer (compressed bytes ÷ link speed) is at least ${pct(LINK_BOUND_SHARE)} of it, else the node, whose own ` +
  "work (decompressing, unpacking, registering layers) takes the rest; the percentage is the transfer's share.";

/** The deploy facts of the pivoted rows; null when no deploy was measured. */
export function deployFacts(rows: readonly PivotRow[]): DeployFacts | null {
  const deploy = deployRows(rows);
  if (deploy.length === 0) return null;
  // Only the links the run deployed over (`--links`) get columns.
  const shown = LIMITED_LINKS.flatMap((l, i) => (deploy.some((r) => r.cells[i]) ? [{ l, i }] : []));
  const header = ['variant', 'compressed', ...shown.flatMap(({ l }) => [`deploy @${l.label}`, `paced by @${l.label}`])];
  const right = new Set([1, ...shown.map((_, k) => 2 + 2 * k)]);
  const cell = (c: DeployCell | null | undefined) =>
    !c ? ['—', '—'] : [c.total.status === 'ok' ? formatTimed(c.total) : c.total.status, paceText(c)];
  const body = deploy.map((r) => [
    r.name,
    r.bytes === null ? '—' : formatDockerSize(r.bytes),
    ...shown.flatMap(({ i }) => cell(r.cells[i])),
  ]);
  return { intro: DEPLOY_INTRO, header, right, body, summary: paceSummary(deploy) };
}

/** Per link: "every variant" when one side sets the pace for all, else the fewer names. */
function paceSummary(rows: readonly DeployRow[]): string {
  const lines: string[] = [];
  LIMITED_LINKS.forEach((l, i) => {
    const paced = rows.flatMap((r) => {
      const c = r.cells[i];
      const p = c ? paceOf(c) : null;
      return p ? [{ name: r.name, by: p.by }] : [];
    });
    if (paced.length === 0) return;
    const node = paced.filter((p) => p.by === 'node').map((p) => p.name);
    const link = paced.filter((p) => p.by === 'link').map((p) => p.name);
    if (node.length === 0) lines.push(`At ${l.label} the link sets the pace for every variant.`);
    else if (link.length === 0) lines.push(`At ${l.label} the node, not the link, sets the pace for every variant.`);
    else if (node.length <= link.length)
      lines.push(`At ${l.label} the link sets the pace, except for ${node.join(', ')}, where the node does.`);
    else
      lines.push(
        `At ${l.label} the node, not the link, sets the pace, except for ${link.join(', ')}, where the link does.`,
      );
  });
  return lines.join(' ');
}

/** The start-up story: a title and its paragraphs. */
export interface StartupFacts {
  title: string;
  paragraphs: string[];
}

/**
 * The start-up sentence: once the image is on the node, size barely changes start-up, and upx is the exception
 * (it unpacks its binary at every start). Null without start-up rows.
 */
export function startupFacts(rows: readonly Measurement[]): StartupFacts | null {
  const ok = (metric: string) =>
    rows.filter((m) => m.metric === metric && m.status === 'ok' && m.value !== null && !m.params);
  const startup = ok(M.startup);
  if (startup.length < 2) return null;
  // Image size as docker images shows it where the run measured it; else what a pull downloads, named so.
  const measured = ok(M.imageSize).length > 0;
  const sizeMetric = measured ? M.imageSize : M.imageSizeCompressed;
  const sizeOf = (variant: string) => ok(sizeMetric).find((m) => m.variant === variant)?.value ?? null;
  const others = startup.filter((m) => m.variant !== 'upx');
  const upx = startup.find((m) => m.variant === 'upx');
  if (others.length === 0) return null;
  const times = others.map((m) => m.value as number);
  const sizes = others.map((m) => sizeOf(m.variant)).filter((s): s is number => s !== null);
  const [fastest, slowest] = [Math.min(...times), Math.max(...times)];
  const span = `${formatMs(fastest)} and ${formatMs(slowest)}`;
  const sizeSpan =
    sizes.length > 1
      ? `, while their images range from ${formatDockerSize(Math.min(...sizes))} to ${formatDockerSize(Math.max(...sizes))}${measured ? '' : ' compressed'}`
      : '';
  // The claim is made only when the figures bear it out: within half again of each other.
  const claim =
    slowest <= BARELY * fastest
      ? 'Once the image is on the node, its size barely changes start-up: the medians of'
      : 'Once the image is on the node, start-up is not the same for every variant: the medians of';
  const paragraphs = [
    `${claim} ${others.length} variant(s) lie between ${span}${sizeSpan}. Start-up is create, start and the ` +
      "app's first answer, and none of these reads the whole image.",
  ];
  if (upx?.value != null) {
    const ready = ok(M.startupReady).find((m) => m.variant === 'upx')?.value ?? null;
    paragraphs.push(
      `upx is the exception: ${formatMs(upx.value)}${ready === null ? '' : `, of which ${formatMs(ready)} from start to the first answer`}, ` +
        'because the packed binary decompresses itself in memory at every start. Its smaller download pays off only ' +
        'where the pull dominates (see the deploy section).',
    );
  }
  return { title: 'Start-up once the image is on the node', paragraphs };
}

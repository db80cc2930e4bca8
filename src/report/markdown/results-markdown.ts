/** Markdown reporter: results.md, the page a person reads first. */

import { engineProduct } from '../../engine/engine-kind.js';
import { M } from '../../metrics/catalogue.js';
import type { EnvironmentFacts, RunResult, VariantRecord } from '../../types.js';
import { formatMs } from '../format/format-duration.js';
import { formatBinarySize } from '../format/format-size.js';
import { formatDate } from '../format/format-text.js';
import type { RunView } from '../view/run-view.js';
import { compressionMarkdown } from './compression-markdown.js';
import { deployMarkdown, startupMarkdown } from './deploy-markdown.js';
import { groupTables, headlineTable } from './variant-tables.js';

/** Render a run as Markdown: summary, the headline table, the group tables, charts, deploy, method, environment. */
export function renderResultsMarkdown(view: RunView): string {
  const { result } = view;
  const sections = [
    ['# imagediet results', '', summaryLine(view)],
    headlineTable(view.rows, view.present),
    [
      'Sizes are uncompressed and printed as `docker images` prints them (base 1000, 3 significant digits), ' +
        'so they compare like for like with the published figures.',
    ],
    ...groupTables(view.rows, view.present),
    chartSection(view),
    upxCostSection(result),
    deployMarkdown(view),
    compressionMarkdown(view),
    startupMarkdown(view),
    methodSection(result),
    teachingSection(result.variants),
    result.environment ? environmentSection(result.environment) : [],
    goVersionSection(result.variants),
    bulletSection('Warnings', result.warnings),
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

/** The charts beside results.md, for a complete run: the Mermaid block for GitHub and the SVG files. */
function chartSection(view: RunView): string[] {
  const charts = view.charts;
  if (!charts) return [];
  const file = view.files.charts;
  const lines = ['## Charts', ''];
  if (charts.mermaid) lines.push(charts.mermaid, '');
  if (charts.specs.sizes)
    lines.push(`![Image size per variant, log scale, beside the published figures](${file.sizes})`, '');
  if (charts.specs.timing) lines.push(`![Start-up and cold build per variant with their spread](${file.timing})`, '');
  if (charts.specs.trend) lines.push(`![Each metric over the history](${file.trend})`, '');
  lines.push(
    `A teaching walk through every step is in [${view.files.lesson}](${view.files.lesson}) (and ${view.files.html} for a projector).`,
  );
  return lines;
}

function summaryLine(view: RunView): string {
  const { result } = view;
  const parts = [`Run \`${result.runId}\``, `builder ${result.builder}`, formatDate(result.startedAt)];
  if (result.gitSha) parts.push(`commit ${result.gitSha.slice(0, 7)}`);
  return `${parts.join(' · ')}. ${view.profile}`;
}

/** What UPX's smaller image costs at start-up on this machine (the guides claim 50–200 ms). */
function upxCostSection(result: RunResult): string[] {
  const median = (variant: string) =>
    result.measurements.find((m) => m.variant === variant && m.metric === M.startup && m.status === 'ok' && !m.params)
      ?.value ?? null;
  const upx = median('upx');
  const scratch = median('scratch');
  if (upx === null || scratch === null) return [];
  const diff = upx - scratch;
  const word = diff >= 0 ? 'slower' : 'faster';
  return [
    `**UPX at start-up:** upx starts ${formatMs(Math.abs(diff))} ${word} than scratch (median ${formatMs(upx)} against ${formatMs(scratch)}); the optimisation guides claim 50–200 ms.`,
  ];
}

/**
 * How each figure was obtained where that varies, and why cells were skipped. A note that holds for every row of a
 * metric is said once; what differs from row to row follows, with the rows it holds for.
 */
function methodSection(result: RunResult): string[] {
  const rowsOf = new Map<string, number>();
  const notes = new Map<string, { who: string; parts: string[] }[]>();
  for (const m of result.measurements) {
    rowsOf.set(m.metric, (rowsOf.get(m.metric) ?? 0) + 1);
    const text = m.note ?? (m.status === 'skipped' && m.error ? m.error : null);
    if (!text) continue;
    const who = m.params ? `${m.variant} (${m.params})` : m.variant;
    const parts = joinLines(text).split('; ').map(withoutCellFigures);
    notes.set(m.metric, [...(notes.get(m.metric) ?? []), { who, parts }]);
  }
  const items: string[] = [];
  for (const [metric, noted] of notes) {
    const everyRow = noted.length === rowsOf.get(metric);
    const common = everyRow ? (noted[0]?.parts ?? []).filter((p) => noted.every((n) => n.parts.includes(p))) : [];
    if (common.length > 0) items.push(`- ${metric}: ${common.join('; ')} (every variant)`);
    const rest = new Map<string, string[]>();
    for (const n of noted) {
      const own = n.parts.filter((p) => !common.includes(p)).join('; ');
      if (own) rest.set(own, [...(rest.get(own) ?? []), n.who]);
    }
    for (const [text, who] of rest) items.push(`- ${metric}: ${text} (${who.join(', ')})`);
  }
  const timing = result.measurements.some((m) => m.unit === 'ms')
    ? [
        'Timed cells show the median ± the wider side of its confidence interval (order statistics, 95%) and the number of samples; below 6 samples no interval reaches 95% and the margin is the samples’ range, marked min–max; one sample has no margin, a derived value no n; raw samples are in results.json.',
      ]
    : [];
  return items.length + timing.length > 0
    ? ['## How the figures were measured', '', ...timing, ...(timing.length && items.length ? [''] : []), ...items]
    : [];
}

/**
 * A note part without the figures its cell already shows (the margin and n): `stopped at its cap of 10 runs before
 * the ±5.0% target: ±9.3% (n=10)` reads as how the cell stopped, and cells that stopped alike share one line.
 */
function withoutCellFigures(part: string): string {
  return part
    .replace(/:\s*(?:±[\d.]+%|no 95% interval yet \(n < 6\))\s*\(n=\d+\)$/, '')
    .replace(/^precision ±[\d.]+% ≤ ([\d.]+%) target \(n=\d+\)$/, 'precision within its ±$1 target');
}

function teachingSection(variants: readonly VariantRecord[]): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const v of variants) {
    // A parameter sweep repeats a variant; its lesson is said once.
    if (seen.has(v.variant) || !v.teaching.trim()) continue;
    seen.add(v.variant);
    items.push(`- **${v.variant}**: ${joinLines(v.teaching)}`);
  }
  return items.length > 0 ? ['## What each step teaches', '', ...items] : [];
}

function environmentSection(env: EnvironmentFacts): string[] {
  return [
    '## Environment',
    '',
    `- Engine: ${engineProduct(env.engineName)} ${env.engineVersion} (API ${env.apiVersion}), storage driver ${env.storageDriver}`,
    `- Builder: ${env.builder}`,
    `- Host: ${env.os}, kernel ${env.kernel}, ${env.architecture}`,
    `- Resources: ${env.cpus} CPUs, ${formatBinarySize(env.memoryBytes)} memory`,
    `- Node: ${env.node}`,
  ];
}

function goVersionSection(variants: readonly VariantRecord[]): string[] {
  const byVersion = new Map<string, string[]>();
  for (const v of variants) {
    if (v.goVersion === null) continue;
    const names = byVersion.get(v.goVersion) ?? [];
    const label = v.params ? `${v.variant} (${v.params})` : v.variant;
    if (!names.includes(label)) names.push(label);
    byVersion.set(v.goVersion, names);
  }
  const unreadable = variants.filter((v) => v.goVersion === null && v.status === 'ok').map((v) => v.variant);
  if (byVersion.size === 0 && unreadable.length === 0) return [];
  const lines = [...byVersion].map(([version, names]) => `- ${version}: ${names.join(', ')}`);
  if (unreadable.length) lines.push(`- not readable from the binary (packed, e.g. by UPX): ${unreadable.join(', ')}`);
  return ['## Go version per variant', '', ...lines];
}

function bulletSection(title: string, items: readonly string[]): string[] {
  return items.length > 0 ? [`## ${title}`, '', ...items.map((w) => `- ${joinLines(w)}`)] : [];
}

/** A warning's lines joined into one bullet. */
function joinLines(text: string): string {
  return text.trim().replace(/\s*[\r\n]+\s*/g, ' ');
}

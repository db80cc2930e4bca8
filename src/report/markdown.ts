/** Markdown reporter: results.md, the page a person reads first. */

import { engineProduct } from '../engine/engine-kind.js';
import { M } from '../metrics/catalogue.js';
import type { EnvironmentFacts, RunResult, VariantRecord } from '../types.js';
import { deploySection, startupSection } from './deploy-section.js';
import { formatMs } from './format-duration.js';
import { formatBinarySize } from './format-size.js';
import { formatDate } from './format-text.js';
import { renderVariantTable } from './markdown-table.js';
import { metricsPresent, pivotByVariant } from './pivot.js';

/** Render a run as Markdown: summary, the variant table, what each step teaches, environment, warnings. */
export function renderMarkdown(result: RunResult, charts: MarkdownCharts | null = null): string {
  const sections = [
    ['# imagediet results', '', summaryLine(result)],
    renderVariantTable(pivotByVariant(result), metricsPresent(result.measurements)),
    charts ? chartSection(charts) : [],
    [
      'Sizes are uncompressed and printed as `docker images` prints them (base 1000, 3 significant digits), ' +
        'so they compare like for like with the published figures.',
    ],
    upxCostSection(result),
    deploySection(result, charts?.deploy ?? null),
    startupSection(result.measurements),
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

/** The charts next to results.md: file names of the SVGs written beside it, and the Mermaid block for GitHub. */
export interface MarkdownCharts {
  sizes: string | null;
  timing: string | null;
  trend: string | null;
  /** The deploy chart's file name; absent in callers that draw none. */
  deploy?: string | null;
  mermaid: string;
}

function chartSection(charts: MarkdownCharts): string[] {
  const lines = ['## Charts', ''];
  if (charts.mermaid) lines.push(charts.mermaid, '');
  if (charts.sizes)
    lines.push(`![Image size per variant, log scale, beside the published figures](${charts.sizes})`, '');
  if (charts.timing) lines.push(`![Start-up and cold build per variant with their spread](${charts.timing})`, '');
  if (charts.trend) lines.push(`![Each metric over the history](${charts.trend})`, '');
  lines.push('A teaching walk through every step is in [lesson.md](lesson.md) (and index.html for a projector).');
  return lines;
}

function summaryLine(result: RunResult): string {
  const parts = [
    `Run \`${result.runId}\``,
    `profile **${result.profile}**${result.profileReason ? ` (${joinLines(result.profileReason)})` : ''}`,
    `builder ${result.builder}`,
    formatDate(result.startedAt),
  ];
  if (result.gitSha) parts.push(`commit ${result.gitSha.slice(0, 7)}`);
  return `${parts.join(' · ')}.`;
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

/** How each timed figure was obtained where that varies (throttled or derived pulls), and why cells were skipped. */
function methodSection(result: RunResult): string[] {
  const lines = new Map<string, string[]>();
  for (const m of result.measurements) {
    const text = m.note ?? (m.status === 'skipped' && m.error ? m.error : null);
    if (!text) continue;
    const key = `${m.metric}: ${joinLines(text)}`;
    const who = m.params ? `${m.variant} (${m.params})` : m.variant;
    lines.set(key, [...(lines.get(key) ?? []), who]);
  }
  const items = [...lines].map(([key, who]) => `- ${key} (${who.join(', ')})`);
  const timing = result.measurements.some((m) => m.unit === 'ms')
    ? [
        'Timed cells show the median ± the wider side of its confidence interval (order statistics, 95%) and the number of samples; below 6 samples no interval reaches 95% and the margin is the samples’ range, marked min–max; one sample has no margin, a derived value no n; raw samples are in results.json.',
      ]
    : [];
  return items.length + timing.length > 0
    ? ['## How the figures were measured', '', ...timing, ...(timing.length && items.length ? [''] : []), ...items]
    : [];
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

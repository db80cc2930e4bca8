/** lesson.md: the whole walk as GitHub Markdown, charts linked as SVG files next to it. */
import { describeBase } from '../format/format-cell.js';
import { fence, mdCode, mdLine, mdTable, mdText } from '../format/markdown-text.js';
import { compressionStoryMarkdown } from '../markdown/compression-markdown.js';
import { deployMarkdown, startupMarkdown } from '../markdown/deploy-markdown.js';
import { METHOD_NOTES } from '../view/run-facts.js';
import type { RunView } from '../view/run-view.js';
import { publishedShort } from '../view/summary-rows.js';
import { CHART_CAPTIONS } from './lesson-charts.js';
import { renderStepMarkdown } from './step-markdown.js';

/** Render the lesson as Markdown: intro and charts, one section per step in `order`, teaching pairs, method. */
export function renderLesson(view: RunView): string {
  const { steps } = view;
  const sections = [
    introLines(view),
    summaryLines(view),
    ...steps.map((step) => renderStepMarkdown(step, steps.length)),
    pairLines(view),
    chartLines(view, 'Time: build, pull and start-up', 'timing'),
    deployMarkdown(view),
    compressionStoryMarkdown(view),
    startupMarkdown(view),
    chartLines(view, 'Trend across runs', 'trend'),
    footerLines(view),
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n').replace(/\n+$/, ''))
    .join('\n\n')}\n`;
}

function introLines(view: RunView): string[] {
  const note = view.standInNote;
  const charts = view.charts;
  return [
    `# ${mdLine(view.title)}`,
    '',
    `The same Go "Hello World" API, built ${view.steps.length} ways. Each step changes one idea in the Dockerfile; ` +
      'below each one: what changed and why it matters, the Dockerfile and its diff against the step before, ' +
      'where the bytes are, what an attacker would find inside, and how long it takes to build and start. ' +
      'Every figure was measured on a real engine and sits next to the figure the tutorials published.',
    '',
    mdText(view.measuredOn),
    ...(note ? ['', `> ${mdText(note)}`] : []),
    '',
    ...(charts?.specs.sizes ? [`![${CHART_CAPTIONS.sizes}](${view.files.charts.sizes})`, ''] : []),
    ...mermaidLines(charts?.mermaid ?? ''),
  ];
}

/** mermaidSizeChart's fenced block as lines; none when no size was measured. */
function mermaidLines(mermaid: string): string[] {
  const text = mermaid.trim();
  return text ? text.split('\n') : [];
}

function summaryLines(view: RunView): string[] {
  const rows = view.summary.map((row) => [
    `${row.number}`,
    `[${mdCode(row.name)}](#${row.id})`,
    row.base ? mdText(describeBase(row.base)) : '—',
    row.size,
    row.published.length > 0 ? mdText(row.published.map(publishedShort).join('; ')) : '—',
    row.startup,
    row.build,
  ]);
  return [
    '## The steps at a glance',
    '',
    ...mdTable(
      ['#', 'variant', 'base really used', 'image size', 'vs published', 'start-up', 'cold build'],
      ['r', 'l', 'l', 'r', 'l', 'r', 'r'],
      rows,
    ),
  ];
}

function pairLines(view: RunView): string[] {
  const pairs = view.pairs;
  if (pairs.length === 0) return [];
  const lines = [
    '## Teaching pairs: one change, measured',
    '',
    'Each pair differs in exactly one thing, so the difference is that thing’s cost or saving.',
  ];
  for (const pair of pairs) {
    lines.push('', `### ${mdCode(pair.beforeName)} → ${mdCode(pair.after.name)}`, '');
    if (pair.why) lines.push(`**Why:** ${mdLine(pair.why)}`, '');
    if (pair.sameImage) lines.push(`> ${mdLine(pair.sameImage)}`, '');
    if (!pair.before) {
      lines.push(`_This run did not measure ${mdCode(pair.beforeName)}, so there is nothing to compare._`);
      continue;
    }
    if (pair.rows.length === 0) {
      lines.push('_The two variants have no metric in common in this run._');
      continue;
    }
    const rows = pair.rows.map((r) => [r.label, r.before, r.after, r.difference]);
    lines.push(
      ...mdTable(
        ['metric', `before: ${mdCode(pair.beforeName)}`, `after: ${mdCode(pair.after.name)}`, 'difference'],
        ['l', 'r', 'r', 'r'],
        rows,
      ),
    );
    if (pair.diff && !pair.diff.identical) lines.push('', ...fence('diff', pair.diff.text));
  }
  return lines;
}

function chartLines(view: RunView, title: string, key: 'timing' | 'trend'): string[] {
  return view.charts?.specs[key] ? [`## ${title}`, '', `![${CHART_CAPTIONS[key]}](${view.files.charts[key]})`] : [];
}

function footerLines(view: RunView): string[] {
  const { result, files } = view;
  return [
    '## How these were measured',
    '',
    ...view.runFacts.map((f) => `- ${f.label}: ${mdText(f.value)}`),
    '',
    ...METHOD_NOTES.map((n) => `- ${n}`),
    `- Every figure, one row per variant × metric, is in [${files.csv}](${files.csv}); raw samples are in ${files.json}.`,
    ...(result.warnings.length > 0
      ? ['', '**Warnings from the run:**', '', ...result.warnings.map((w) => `- ${mdLine(w)}`)]
      : []),
  ];
}

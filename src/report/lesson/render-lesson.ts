/** lesson.md: the whole walk as GitHub Markdown, charts linked as SVG files next to it. */
import type { RunResult } from '../../types.js';
import { deploySection, startupSection } from '../deploy-section.js';
import { CHART_CAPTIONS, CHART_FILES, type LessonCharts } from './lesson-charts.js';
import { describeBase } from './lesson-format.js';
import { type LessonStep, lessonSteps } from './lesson-steps.js';
import { fence, mdCode, mdLine, mdTable, mdText } from './markdown-text.js';
import { lessonTitle, METHOD_NOTES, measuredOn, runFacts, standInNote } from './run-facts.js';
import { renderStepMarkdown } from './step-markdown.js';
import { publishedShort, summaryRows } from './summary-rows.js';
import { teachingPairs } from './teaching-pairs.js';

/** Render the lesson as Markdown: intro and charts, one section per step in `order`, teaching pairs, method. */
export function renderLesson(result: RunResult, charts: LessonCharts): string {
  const steps = lessonSteps(result);
  const sections = [
    introLines(result, steps, charts),
    summaryLines(steps),
    ...steps.map((step) => renderStepMarkdown(step, steps.length)),
    pairLines(steps),
    chartLines('Time: build, pull and start-up', 'timing', charts.timing),
    deploySection(result, charts.deploy ? CHART_FILES.deploy : null),
    startupSection(result.measurements),
    chartLines('Trend across runs', 'trend', charts.trend),
    footerLines(result),
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n').replace(/\n+$/, ''))
    .join('\n\n')}\n`;
}

function introLines(result: RunResult, steps: readonly LessonStep[], charts: LessonCharts): string[] {
  const note = standInNote(steps);
  return [
    `# ${mdLine(lessonTitle(steps))}`,
    '',
    `The same Go "Hello World" API, built ${steps.length} ways. Each step changes one idea in the Dockerfile; ` +
      'below each one: what changed and why it matters, the Dockerfile and its diff against the step before, ' +
      'where the bytes are, what an attacker would find inside, and how long it takes to build and start. ' +
      'Every figure was measured on a real engine and sits next to the figure the tutorials published.',
    '',
    mdText(measuredOn(result)),
    ...(note ? ['', `> ${mdText(note)}`] : []),
    '',
    ...(charts.sizes ? [`![${CHART_CAPTIONS.sizes}](${CHART_FILES.sizes})`, ''] : []),
    ...mermaidLines(charts.mermaid),
  ];
}

/** mermaidSizeChart's fenced block as lines; none when no size was measured. */
function mermaidLines(mermaid: string): string[] {
  const text = mermaid.trim();
  return text ? text.split('\n') : [];
}

function summaryLines(steps: readonly LessonStep[]): string[] {
  const rows = summaryRows(steps).map((row) => [
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

function pairLines(steps: readonly LessonStep[]): string[] {
  const pairs = teachingPairs(steps);
  if (pairs.length === 0) return [];
  const lines = [
    '## Teaching pairs: one change, measured',
    '',
    'Each pair differs in exactly one thing, so the difference is that thing’s cost or saving.',
  ];
  for (const pair of pairs) {
    lines.push('', `### ${mdCode(pair.beforeName)} → ${mdCode(pair.after.name)}`, '');
    if (pair.why) lines.push(`**Why:** ${mdLine(pair.why)}`, '');
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

function chartLines(title: string, key: 'timing' | 'trend', svg: string | null): string[] {
  return svg ? [`## ${title}`, '', `![${CHART_CAPTIONS[key]}](${CHART_FILES[key]})`] : [];
}

function footerLines(result: RunResult): string[] {
  return [
    '## How these were measured',
    '',
    ...runFacts(result).map((f) => `- ${f.label}: ${mdText(f.value)}`),
    '',
    ...METHOD_NOTES.map((n) => `- ${n}`),
    '- Every figure, one row per variant × metric, is in [results.csv](results.csv); raw samples are in results.json.',
    ...(result.warnings.length > 0
      ? ['', '**Warnings from the run:**', '', ...result.warnings.map((w) => `- ${mdLine(w)}`)]
      : []),
  ];
}

/** One step of lesson.md: headline, why, Dockerfile, diff, where the bytes are, attack surface, timing. */
import { formatPercent } from '../format/format-cell.js';
import { formatDockerSize } from '../format/format-size.js';
import { fence, mdCode, mdLine, mdTable, mdText } from '../format/markdown-text.js';
import type { LessonStep } from '../view/lesson-steps.js';
import { barText } from './bar-text.js';

const LABEL_CHARS = 90;

/** The step as Markdown lines, anchored at `#<step.id>`. */
export function renderStepMarkdown(step: LessonStep, total: number): string[] {
  const r = step.record;
  const headline = step.facts.size;
  return [
    `<a id="${step.id}"></a>`,
    '',
    `## Step ${step.number} of ${total} · ${mdLine(r.title)} — ${headline}`,
    '',
    ...headlineLines(step),
    ...problemLines(step),
    '### What changed and why it matters',
    '',
    r.teaching.trim() ? mdText(r.teaching.trim()) : '_No teaching text for this variant._',
    '',
    ...dockerfileLines(step),
    ...layerLines(step),
    ...surfaceLines(step),
    ...timingLines(step),
  ];
}

function headlineLines(step: LessonStep): string[] {
  const r = step.record;
  const published = step.facts.published.map(
    (p) => `${mdLine(p.figure)} (${mdLine(p.source)}, ${mdLine(p.date)}${p.change ? `; measured ${p.change}` : ''})`,
  );
  const bases = r.bases.map(
    (b) => `${mdLine(b.role)}: ${mdCode(b.ref)}${b.standsFor ? ` (stands in for ${mdCode(b.standsFor)})` : ''}`,
  );
  const size =
    step.record.status === 'ok'
      ? `**${step.facts.size}** measured for ${mdCode(step.name)}`
      : `${mdCode(step.name)} **${step.record.status}**: no image to measure`;
  return [
    `${size}${published.length > 0 ? ` · published: ${published.join(' · ')}` : ' · no published figure'}`,
    '',
    ...(bases.length > 0 ? [`Bases: ${bases.join(' · ')}`, ''] : []),
  ];
}

function problemLines(step: LessonStep): string[] {
  if (step.record.error !== null) {
    return [
      `> **This step ${step.record.status === 'failed' ? 'failed' : 'was skipped'}.** Its error:`,
      '',
      ...fence('text', step.record.error),
      '',
    ];
  }
  const problems = step.facts.problems;
  if (problems.length === 0) return [];
  return ['**Not every figure could be measured:**', '', ...problems.map((p) => `- ${mdLine(p)}`), ''];
}

function dockerfileLines(step: LessonStep): string[] {
  const r = step.record;
  if (!r.dockerfile) return ['_No rendered Dockerfile for this step._', ''];
  const lines = ['### Dockerfile', '', ...fence('dockerfile', r.dockerfile), ''];
  const prev = step.previous;
  if (!prev?.record.dockerfile) {
    return [...lines, '_The starting point: there is no earlier Dockerfile to compare with._', ''];
  }
  const diff = step.facts.diff;
  const heading = `### Diff against step ${prev.number} (${mdCode(prev.name)})`;
  if (!diff || diff.identical)
    return [...lines, heading, '', '_The Dockerfile is identical to the previous step._', ''];
  return [...lines, heading, '', ...fence('diff', diff.text), ''];
}

function layerLines(step: LessonStep): string[] {
  const layers = step.facts.layers;
  if (!layers) return [];
  if (layers.length === 0) return ['### Where the bytes are', '', '_The image history lists no layers._', ''];
  const rows = layers.map((row) => [
    mdCode(row.label.length > LABEL_CHARS ? `${row.label.slice(0, LABEL_CHARS - 1)}…` : row.label),
    formatDockerSize(row.bytes),
    formatPercent(row.share),
    barText(row.share),
  ]);
  return [
    '### Where the bytes are',
    '',
    ...mdTable(['instruction', 'added', 'share', ''], ['l', 'r', 'r', 'l'], rows),
    '',
  ];
}

function surfaceLines(step: LessonStep): string[] {
  const facts = step.facts.surface;
  const mark = { good: '✅', bad: '⚠️', neutral: '' } as const;
  const rows = facts.map((f) => [f.label, `${mark[f.tone]} ${mdText(f.value)}`.trim()]);
  const note = step.record.anatomy
    ? []
    : ['_Shells, package managers and wasted bytes were not measured in this run._', ''];
  return ['### Attack surface', '', ...mdTable(['check', 'result'], ['l', 'l'], rows), '', ...note];
}

function timingLines(step: LessonStep): string[] {
  const facts = step.facts.timings;
  if (facts.length === 0) return [];
  return ['### Timing', '', ...facts.map((f) => `- ${f.label}: ${mdLine(f.value)}`), ''];
}

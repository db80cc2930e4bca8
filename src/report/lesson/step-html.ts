/** One step of index.html: headline, badges, why, Dockerfile beside its coloured diff, byte bars, surface, timing. */
import { formatPercent } from '../format/format-cell.js';
import { formatDockerSize } from '../format/format-size.js';
import { escapeHtml as h } from '../format/html-escape.js';
import type { SurfaceFact } from '../view/attack-surface.js';
import type { LessonStep } from '../view/lesson-steps.js';
import { changeHtml, diffHtml } from './page-html.js';

/** The step as a `<section class="step" id="step-…">`. */
export function renderStepHtml(step: LessonStep, total: number): string {
  const r = step.record;
  const facts = step.facts.surface;
  return `<section class="step" id="${h(step.id)}">
<div class="step-head">
<div><span class="step-no">Step ${step.number} of ${total}</span><code>${h(step.name)}</code>
<h2>${h(r.title)}</h2></div>
<div class="headline"><div class="big">${h(step.facts.size)}</div>${publishedHtml(step)}</div>
</div>
${basesHtml(step)}${badgesHtml(facts)}${problemHtml(step)}
<p class="teaching">${r.teaching.trim() ? h(r.teaching.trim()) : '<em>No teaching text for this variant.</em>'}</p>
${codeHtml(step)}${layersHtml(step)}<div class="facts-grid">${surfaceHtml(step, facts)}${timingHtml(step)}</div></section>`;
}

function publishedHtml(step: LessonStep): string {
  const claims = step.facts.published;
  if (claims.length === 0) return '<div class="published">no published figure</div>';
  const items = claims.map((p) => {
    const change = p.change ? ` ${changeHtml(p.change)}` : '';
    return `<div class="published">published ${h(p.figure)} (${h(p.source)}, ${h(p.date)})${change}</div>`;
  });
  return items.join('');
}

function basesHtml(step: LessonStep): string {
  const bases = step.record.bases.map(
    (b) =>
      `${h(b.role)}: <code>${h(b.ref)}</code>${b.standsFor ? ` (stands in for <code>${h(b.standsFor)}</code>)` : ''}`,
  );
  return bases.length > 0 ? `<p class="bases">${bases.join(' · ')}</p>\n` : '';
}

const BADGE_TEXT: Record<string, Record<SurfaceFact['tone'], string>> = {
  root: { bad: 'runs as root', good: 'non-root user', neutral: 'root: unknown' },
  shell: { bad: 'shell inside', good: 'no shell', neutral: 'shell: unknown' },
  'package manager': { bad: 'package manager inside', good: 'no package manager', neutral: 'package manager: unknown' },
};

function badgesHtml(facts: readonly SurfaceFact[]): string {
  const badges = facts
    .filter((f) => f.key in BADGE_TEXT)
    .map(
      (f) =>
        `<span class="badge ${f.tone}" title="${h(`${f.label}: ${f.value}`)}">${h(BADGE_TEXT[f.key]?.[f.tone] ?? f.label)}</span>`,
    );
  return `<div class="badges">${badges.join('')}</div>\n`;
}

function problemHtml(step: LessonStep): string {
  if (step.record.error !== null) {
    const what = step.record.status === 'failed' ? 'This step failed' : 'This step was skipped';
    return `<div class="error"><strong>${what}.</strong> Its error:<pre>${h(step.record.error)}</pre></div>\n`;
  }
  const problems = step.facts.problems;
  if (problems.length === 0) return '';
  return `<div class="error"><strong>Not every figure could be measured:</strong><ul>${problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul></div>\n`;
}

function codeHtml(step: LessonStep): string {
  const r = step.record;
  if (!r.dockerfile) return '<p><em>No rendered Dockerfile for this step.</em></p>\n';
  const dockerfile = `<details open><summary>Dockerfile</summary><pre class="dockerfile">${h(r.dockerfile.replace(/\n+$/, ''))}</pre></details>`;
  const prev = step.previous;
  let diff: string;
  if (!prev?.record.dockerfile) {
    diff = '<p><em>The starting point: there is no earlier Dockerfile to compare with.</em></p>';
  } else {
    const d = step.facts.diff;
    const body = !d || d.identical ? '<p><em>Identical to the previous step.</em></p>' : diffHtml(d);
    diff = `<details open><summary>Diff against step ${prev.number} (${h(prev.name)})</summary>${body}</details>`;
  }
  return `<div class="code-grid">${dockerfile}<div>${diff}</div></div>\n`;
}

function layersHtml(step: LessonStep): string {
  const layers = step.facts.layers;
  if (!layers) return '';
  if (layers.length === 0) return '<h3>Where the bytes are</h3><p><em>The image history lists no layers.</em></p>\n';
  const rows = layers.map((row) => {
    const width = (row.share * 100).toFixed(2);
    const fill =
      row.bytes > 0 ? `<span class="${row.share < 0.005 ? 'sliver' : ''}" style="width:${width}%"></span>` : '';
    return `<tr><td><code>${h(row.label)}</code></td><td class="num">${h(formatDockerSize(row.bytes))}</td><td class="num">${h(formatPercent(row.share))}</td><td><div class="bar${row.fromBase ? ' base' : ''}">${fill}</div></td></tr>`;
  });
  return `<h3>Where the bytes are</h3>
<table class="layers"><thead><tr><th>instruction</th><th class="num">added</th><th class="num">share</th><th>of the image</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>\n`;
}

function surfaceHtml(step: LessonStep, facts: readonly SurfaceFact[]): string {
  const rows = facts.map(
    (f) => `<tr><td>${h(f.label)}</td><td><span class="dot ${f.tone}"></span>${h(f.value)}</td></tr>`,
  );
  const note = step.record.anatomy
    ? ''
    : '<p class="meta">Shells, package managers and wasted bytes were not measured in this run.</p>';
  return `<div><h3>Attack surface</h3>\n<table class="facts"><tbody>${rows.join('')}</tbody></table>${note}</div>\n`;
}

function timingHtml(step: LessonStep): string {
  const facts = step.facts.timings;
  if (facts.length === 0) return '';
  const rows = facts.map((f) => `<tr><td>${h(f.label)}</td><td>${h(f.value)}</td></tr>`);
  return `<div><h3>Timing</h3>\n<table class="facts"><tbody>${rows.join('')}</tbody></table></div>\n`;
}

/** The run-level parts of index.html: intro, summary table, charts, teaching pairs, footer. */
import type { RunResult } from '../../types.js';
import { firstLine } from '../format-text.js';
import type { DockerfileDiff } from './dockerfile-diff.js';
import { escapeHtml as h, inlineSvg } from './html-escape.js';
import { CHART_CAPTIONS, type LessonCharts } from './lesson-charts.js';
import type { LessonStep } from './lesson-steps.js';
import { lessonTitle, METHOD_NOTES, measuredOn, runFacts, standInNote } from './run-facts.js';
import type { PublishedFact } from './step-facts.js';
import { type SummaryRow, summaryRows } from './summary-rows.js';
import { teachingPairs } from './teaching-pairs.js';

/** Title, what the lesson shows, where it was measured. */
export function introHtml(result: RunResult, steps: readonly LessonStep[]): string {
  const note = standInNote(steps);
  return `<header>
<h1>${h(lessonTitle(steps))}</h1>
<p class="lede">The same Go “Hello World” API, built ${steps.length} ways. Each step changes one idea in the Dockerfile; each shows what changed and why it matters, the Dockerfile beside its diff against the step before, where the bytes are, what an attacker would find inside, and how long it takes to build and start. Every figure was measured on a real engine and sits next to the figure the tutorials published.</p>
<p class="meta">${h(measuredOn(result))}</p>
${note ? `<p class="note">${h(note)}</p>\n` : ''}</header>`;
}

/** The `#summary` table: one row per step, linked to its section. */
export function summaryHtml(steps: readonly LessonStep[]): string {
  const rows = summaryRows(steps).map((r) => {
    const published = r.published.length > 0 ? r.published.map(claimHtml).join('') : '—';
    return `<tr class="${r.status}"><td class="num">${r.number}</td><td><a href="#${h(r.id)}"><code>${h(r.name)}</code></a><span class="title">${h(r.title)}</span></td><td>${baseHtml(r.base)}</td><td class="num size">${h(r.size)}</td><td class="published">${published}</td><td class="num">${h(r.startup)}</td><td class="num">${h(r.build)}</td></tr>`;
  });
  return `<h2>The steps at a glance</h2>
<table id="summary"><thead><tr><th class="num">#</th><th>variant</th><th>base really used</th><th class="num">image size</th><th>vs published</th><th class="num">start-up</th><th class="num">cold build</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function claimHtml(p: PublishedFact): string {
  const figure = p.sized ? p.figure : firstLine(p.figure, 40);
  return `<span class="claim">${h(figure)}${p.change ? ` ${changeHtml(p.change)}` : ''} <span class="src">${h(p.source)}</span></span>`;
}

/** A diff as a `<pre class="diff">`, one span per line classed add, del, hunk, file or context. */
export function diffHtml(diff: DockerfileDiff): string {
  return `<pre class="diff">${diff.lines.map((l) => `<span class="${l.kind}">${h(l.text) || ' '}</span>`).join('')}</pre>`;
}

/** A change against a published figure. Not coloured: with stand-in bases, bigger than published is not a fault. */
export function changeHtml(change: string): string {
  return `<span class="change">${h(change)}</span>`;
}

function baseHtml(base: SummaryRow['base']): string {
  if (!base) return '—';
  const standsFor = base.standsFor ? `<span class="title">stands in for ${h(base.standsFor)}</span>` : '';
  return `<code>${h(base.ref)}</code>${standsFor}`;
}

/** One chart as a `<figure class="chart">` with its SVG inlined; empty when the chart is missing. */
export function chartHtml(key: keyof typeof CHART_CAPTIONS, charts: LessonCharts): string {
  const svg = charts[key];
  const inline = svg === null ? null : inlineSvg(svg, `chart-${key}`);
  if (inline === null) return '';
  return `<figure class="chart" id="chart-${key}">${inline}<figcaption>${h(CHART_CAPTIONS[key])}</figcaption></figure>`;
}

/** Each teaching pair as before | after | difference. */
export function pairsHtml(steps: readonly LessonStep[]): string {
  const pairs = teachingPairs(steps);
  if (pairs.length === 0) return '';
  const articles = pairs.map((pair) => {
    const head = `<h3><code>${h(pair.beforeName)}</code> → <code>${h(pair.after.name)}</code></h3>${pair.why ? `<p><strong>Why:</strong> ${h(pair.why)}</p>` : ''}`;
    if (!pair.before)
      return `<article class="pair">${head}<p><em>This run did not measure <code>${h(pair.beforeName)}</code>, so there is nothing to compare.</em></p></article>`;
    if (pair.rows.length === 0)
      return `<article class="pair">${head}<p><em>The two variants have no metric in common in this run.</em></p></article>`;
    const rows = pair.rows.map(
      (r) =>
        `<tr><td>${h(r.label)}</td><td class="num">${h(r.before)}</td><td class="num">${h(r.after)}</td><td class="num">${h(r.difference)}</td></tr>`,
    );
    const diff =
      pair.diff && !pair.diff.identical
        ? `<details open><summary>The one change</summary>${diffHtml(pair.diff)}</details>`
        : '';
    return `<article class="pair">${head}<table><thead><tr><th>metric</th><th class="num">before: ${h(pair.beforeName)}</th><th class="num">after: ${h(pair.after.name)}</th><th class="num">difference</th></tr></thead><tbody>${rows.join('')}</tbody></table>${diff}</article>`;
  });
  return `<section id="pairs"><h2>Teaching pairs: one change, measured</h2>
<p>Each pair differs in exactly one thing, so the difference is that thing’s cost or saving.</p>
${articles.join('\n')}</section>`;
}

/** How these were measured: run, date, engine, builder, and where the raw rows are. */
export function footerHtml(result: RunResult): string {
  const facts = runFacts(result).map((f) => `<tr><td>${h(f.label)}</td><td>${h(f.value)}</td></tr>`);
  const warnings =
    result.warnings.length > 0
      ? `<p><strong>Warnings from the run:</strong></p><ul>${result.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`
      : '';
  return `<footer><h2>How these were measured</h2>
<table class="facts"><tbody>${facts.join('')}</tbody></table>
<ul>${METHOD_NOTES.map((n) => `<li>${h(n.replace(/`/g, ''))}</li>`).join('')}<li>Every figure, one row per variant × metric, is in results.csv next to this page; raw samples are in results.json.</li></ul>
${warnings}</footer>`;
}

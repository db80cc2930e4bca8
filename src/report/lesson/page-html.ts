/** The run-level parts of index.html: intro, summary table, charts, teaching pairs, footer. */
import type { ChartKey } from '../charts/chart-set.js';
import { firstLine } from '../format/format-text.js';
import { escapeHtml as h, inlineSvg } from '../format/html-escape.js';
import type { DockerfileDiff } from '../view/dockerfile-diff.js';
import { METHOD_NOTES } from '../view/run-facts.js';
import type { RunView } from '../view/run-view.js';
import type { PublishedFact } from '../view/step-facts.js';
import type { SummaryRow } from '../view/summary-rows.js';
import { CHART_CAPTIONS } from './lesson-charts.js';

/** Title, what the lesson shows, where it was measured. */
export function introHtml(view: RunView): string {
  const note = view.standInNote;
  return `<header>
<h1>${h(view.title)}</h1>
<p class="lede">The same Go “Hello World” API, built ${view.steps.length} ways. Each step changes one idea in the Dockerfile; each shows what changed and why it matters, the Dockerfile beside its diff against the step before, where the bytes are, what an attacker would find inside, and how long it takes to build and start. Every figure was measured on a real engine and sits next to the figure the tutorials published.</p>
<p class="meta">${h(view.measuredOn)}</p>
${note ? `<p class="note">${h(note)}</p>\n` : ''}</header>`;
}

/** The `#summary` table: one row per step, linked to its section. */
export function summaryHtml(view: RunView): string {
  const rows = view.summary.map((r) => {
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
export async function chartHtml(key: ChartKey, view: RunView): Promise<string> {
  const svg = (await view.charts?.svg(key)) ?? null;
  const inline = svg === null ? null : inlineSvg(svg, `chart-${key}`);
  if (inline === null) return '';
  return `<figure class="chart" id="chart-${key}">${inline}<figcaption>${h(CHART_CAPTIONS[key])}</figcaption></figure>`;
}

/** Each teaching pair as before | after | difference. */
export function pairsHtml(view: RunView): string {
  const pairs = view.pairs;
  if (pairs.length === 0) return '';
  const articles = pairs.map((pair) => {
    const head = `<h3><code>${h(pair.beforeName)}</code> → <code>${h(pair.after.name)}</code></h3>${pair.why ? `<p><strong>Why:</strong> ${h(pair.why)}</p>` : ''}${pair.sameImage ? `<p class="note">${h(pair.sameImage)}</p>` : ''}`;
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
export function footerHtml(view: RunView): string {
  const { result } = view;
  const facts = view.runFacts.map((f) => `<tr><td>${h(f.label)}</td><td>${h(f.value)}</td></tr>`);
  const warnings =
    result.warnings.length > 0
      ? `<p><strong>Warnings from the run:</strong></p><ul>${result.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`
      : '';
  return `<footer><h2>How these were measured</h2>
<table class="facts"><tbody>${facts.join('')}</tbody></table>
<ul>${METHOD_NOTES.map((n) => `<li>${h(n.replace(/`/g, ''))}</li>`).join('')}<li>Every figure, one row per variant × metric, is in ${h(view.files.csv)} next to this page; raw samples are in ${h(view.files.json)}.</li></ul>
${warnings}</footer>`;
}

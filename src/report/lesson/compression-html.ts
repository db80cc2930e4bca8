/** The compression story on index.html: the same paragraphs, deploy table and claims as lesson.md, as HTML. */
import { escapeHtml as h, inlineSvg } from '../format/html-escape.js';
import type { TextTable } from '../view/compression-tables.js';
import type { RunView } from '../view/run-view.js';
import { CHART_CAPTIONS } from './lesson-charts.js';

/** Inline code marks (`GET /`) become <code>; everything else is text. */
function text(s: string): string {
  return h(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function tableHtml(t: TextTable): string {
  const cls = (i: number) => (t.right.has(i) ? ' class="num"' : '');
  const head = t.header.map((c, i) => `<th${cls(i)}>${h(c)}</th>`).join('');
  const rows = t.body
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${cls(i)}>${c.strong ? `<strong>${h(c.text)}</strong>` : h(c.text)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<h3>${h(t.title)}</h3>\n<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** The section with its chart inlined; '' below two compressions. */
export async function compressionHtml(view: RunView): Promise<string> {
  const c = view.compression;
  if (!c) return '';
  const s = c.story;
  const svg = (await view.charts?.svg('compression')) ?? null;
  const chart = svg ? inlineSvg(svg, 'chart-compression') : null;
  const claims = {
    title: 'Against the published claims',
    header: ['claim', 'source', 'read as', ...s.claimColumns.map((n) => `ours: ${n}`)],
    right: new Set<number>(),
    body: s.claims.map((r) =>
      [r.claim.claim, r.claim.source, r.claim.reading, ...r.ours].map((t) => ({ text: t, strong: false })),
    ),
  } satisfies TextTable;
  const deploys = c.tables[1];
  return [
    '<section id="compression"><h2>Which compression wins, at which link</h2>',
    ...s.variants.flatMap((v) =>
      v.paragraphs.map((p, i) =>
        i === 0 ? `<p>${text(p).replace(h(v.name), `<strong>${h(v.name)}</strong>`)}</p>` : `<p>${text(p)}</p>`,
      ),
    ),
    deploys ? tableHtml(deploys) : '',
    ...s.cost.map((p) => `<p>${text(p)}</p>`),
    tableHtml(claims),
    chart
      ? `<figure class="chart" id="chart-compression">${chart}<figcaption>${h(CHART_CAPTIONS.compression)}</figcaption></figure>`
      : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

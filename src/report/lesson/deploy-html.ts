/** The deploy and start-up story on index.html: the same table and sentences as lesson.md, as HTML. */
import { escapeHtml as h, inlineSvg } from '../format/html-escape.js';
import type { RunView } from '../view/run-view.js';
import { CHART_CAPTIONS } from './lesson-charts.js';

/** Inline code marks (`GET /`) become <code>; everything else is text. */
function text(s: string): string {
  return h(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The deploy section with its chart inlined, then the start-up section; '' when neither was measured. */
export async function deployHtml(view: RunView): Promise<string> {
  const parts: string[] = [];
  const d = view.deploy;
  if (d) {
    const head = d.header.map((c, i) => `<th${d.right.has(i) ? ' class="num"' : ''}>${h(c)}</th>`).join('');
    const rows = d.body
      .map((r) => `<tr>${r.map((c, i) => `<td${d.right.has(i) ? ' class="num"' : ''}>${h(c)}</td>`).join('')}</tr>`)
      .join('\n');
    const svg = (await view.charts?.svg('deploy')) ?? null;
    const chart = svg ? inlineSvg(svg, 'chart-deploy') : null;
    parts.push(
      '<section id="deploy"><h2>Deploy to a fresh node</h2>',
      `<p>${text(d.intro)}</p>`,
      `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`,
      chart
        ? `<figure class="chart" id="chart-deploy">${chart}<figcaption>${h(CHART_CAPTIONS.deploy)}</figcaption></figure>`
        : '',
      `<p>${text(d.summary)}</p></section>`,
    );
  }
  const s = view.startup;
  if (s) {
    parts.push(
      `<section id="startup"><h2>${h(s.title)}</h2>`,
      ...s.paragraphs.map((p) => `<p>${text(p)}</p>`),
      '</section>',
    );
  }
  return parts.filter(Boolean).join('\n');
}

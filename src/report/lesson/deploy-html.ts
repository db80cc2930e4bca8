/** The deploy and start-up story on index.html: the same table and sentences as lesson.md, as HTML. */
import type { RunResult } from '../../types.js';
import { DEPLOY_INTRO, deployTable, startupSection } from '../deploy-section.js';
import { escapeHtml as h, inlineSvg } from './html-escape.js';

/** Inline code marks (`GET /`) become <code>; everything else is text. */
function text(s: string): string {
  return h(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The deploy section with its chart inlined, then the start-up section; '' when neither was measured. */
export function deployHtml(result: RunResult, chartSvg: string | null | undefined): string {
  const parts: string[] = [];
  const t = deployTable(result);
  if (t) {
    const head = t.header.map((c) => `<th>${h(c)}</th>`).join('');
    const rows = t.body.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
    const chart = chartSvg ? inlineSvg(chartSvg, 'chart-deploy') : null;
    parts.push(
      '<section id="deploy"><h2>Deploy to a fresh node</h2>',
      `<p>${text(DEPLOY_INTRO)}</p>`,
      `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`,
      chart
        ? `<figure class="chart" id="chart-deploy">${chart}<figcaption>Deploy time against compressed size, one line per link speed</figcaption></figure>`
        : '',
      `<p>${text(t.summary)}</p></section>`,
    );
  }
  const startup = startupSection(result.measurements);
  if (startup.length > 0) {
    const [title = '', , ...paragraphs] = startup;
    parts.push(
      `<section id="startup"><h2>${h(title.replace(/^#+\s*/, ''))}</h2>`,
      ...paragraphs.filter((p) => p !== '').map((p) => `<p>${text(p)}</p>`),
      '</section>',
    );
  }
  return parts.filter(Boolean).join('\n');
}

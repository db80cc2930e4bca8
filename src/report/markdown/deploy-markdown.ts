/** The deploy and start-up stories as Markdown, the same in results.md and lesson.md. */
import type { RunView } from '../view/run-view.js';

/** The deploy section: the intro, the table, the chart when drawn, and what sets the pace; [] when none was measured. */
export function deployMarkdown(view: RunView): string[] {
  const d = view.deploy;
  if (!d) return [];
  const chart = view.charts?.specs.deploy ? view.files.charts.deploy : null;
  return [
    '## Deploy to a fresh node',
    '',
    d.intro,
    '',
    `| ${d.header.join(' | ')} |`,
    `|${d.header.map((_, i) => (d.right.has(i) ? '---:' : '---')).join('|')}|`,
    ...d.body.map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
    ...(chart ? ['', `![Deploy time against compressed size, one line per link speed](${chart})`] : []),
    '',
    d.summary,
  ];
}

/** The start-up section; [] without start-up rows. */
export function startupMarkdown(view: RunView): string[] {
  const s = view.startup;
  if (!s) return [];
  return [`## ${s.title}`, '', ...s.paragraphs.flatMap((p, i) => (i === 0 ? [p] : ['', p]))];
}

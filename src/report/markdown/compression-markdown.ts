/** The compression section as Markdown: its tables in results.md, its story in lesson.md. */
import { mdLine, mdTable, mdText } from '../format/markdown-text.js';
import type { TextTable } from '../view/compression-tables.js';
import type { RunView } from '../view/run-view.js';

/** The lesson's anchor for the story, as GitHub derives it from the heading. */
const STORY_HEADING = 'Which compression wins, at which link';

function tableLines(t: TextTable): string[] {
  return [
    `### ${t.title}`,
    '',
    ...mdTable(
      t.header,
      t.header.map((_, i) => (t.right.has(i) ? 'r' : 'l')),
      t.body.map((row) => row.map((c) => (c.strong ? `**${c.text}**` : c.text))),
    ),
  ];
}

function chartLines(view: RunView): string[] {
  return view.charts?.specs.compression
    ? [
        '',
        `![Deploy time against compressed size per compression, one line per link speed](${view.files.charts.compression})`,
      ]
    : [];
}

function notMeasuredLines(reasons: readonly string[]): string[] {
  return reasons.length > 0 ? ['', 'Not measured:', '', ...reasons.map((r) => `- ${mdLine(r)}`)] : [];
}

/** results.md's section: every form's figures; [] below two compressions. */
export function compressionMarkdown(view: RunView): string[] {
  const c = view.compression;
  if (!c) return [];
  return [
    '## Compressions side by side',
    '',
    mdText(c.intro),
    ...c.tables.flatMap((t) => ['', ...tableLines(t)]),
    ...notMeasuredLines(c.notMeasured),
    ...chartLines(view),
    '',
    `What the figures say, link by link, and how they compare with the published claims: [${view.files.lesson}](${view.files.lesson}#${STORY_HEADING.toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-')}).`,
  ];
}

/** lesson.md's section: which form wins where, the crossover, the cost of the higher levels, the claims; [] below two. */
export function compressionStoryMarkdown(view: RunView): string[] {
  const c = view.compression;
  if (!c) return [];
  const s = c.story;
  const deploys = c.tables[1];
  return [
    `## ${STORY_HEADING}`,
    '',
    ...s.variants.flatMap((v) =>
      v.paragraphs.flatMap((p, i) => [
        i === 0 ? mdText(p).replace(mdText(v.name), `**${mdText(v.name)}**`) : mdText(p),
        '',
      ]),
    ),
    ...(deploys ? [...tableLines(deploys), ''] : []),
    ...s.cost.flatMap((p) => [mdText(p), '']),
    '### Against the published claims',
    '',
    ...mdTable(
      ['claim', 'source', 'read as', ...s.claimColumns.map((n) => `ours: ${n}`)],
      ['l', 'l', 'l', ...s.claimColumns.map(() => 'l' as const)],
      s.claims.map((r) => [r.claim.claim, r.claim.source, r.claim.reading, ...r.ours]),
    ),
    ...chartLines(view),
  ];
}

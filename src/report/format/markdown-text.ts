/** Text made safe for GitHub Markdown: prose, one-line headings and fenced blocks. */

/** Prose with `<` and `>` escaped, so a `<script>` in a teaching text is shown, not swallowed as HTML. */
export function mdText(text: string): string {
  return text
    .replace(/&(?=[#a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Prose on one line, for headings and list items. */
export function mdLine(text: string): string {
  return mdText(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/** Inline code that survives backticks inside the text. */
export function mdCode(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it early. */
export function fence(lang: string, text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return [`${ticks}${lang}`, ...text.replace(/\n+$/, '').split('\n'), ticks];
}

/** Markdown table lines; cells are escaped for `|` and newlines. */
export function mdTable(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly string[][]): string[] {
  const cell = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '\\|');
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells, i) => `| ${(i === 1 ? cells : cells.map(cell)).join(' | ')} |`);
}

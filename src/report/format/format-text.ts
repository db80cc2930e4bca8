/** Text shaping every report shares: one line of a longer text, and a time as people read it. */

/** The first non-empty line, whitespace collapsed, at most `max` characters. */
export function firstLine(text: string, max = 160): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim().replace(/\s+/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** An ISO time as `2025-03-01 10:04 UTC`, or the text as given when it does not parse. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** os-release(5): which distribution an image says it is. */
import type { Distro } from '../types.js';

/** `KEY=value` lines, values optionally quoted with shell quoting; null without an `ID`. */
export function parseOsRelease(text: string): Distro | null {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = (m[2] as string).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2)
      value = value.slice(1, -1).replace(q === '"' ? /\\(["\\$`])/g : /$^/g, '$1');
    fields.set(m[1] as string, value);
  }
  const id = fields.get('ID');
  if (!id) return null;
  return { id, versionId: fields.get('VERSION_ID') || null, prettyName: fields.get('PRETTY_NAME') || null };
}

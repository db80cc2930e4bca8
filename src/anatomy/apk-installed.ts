/** apk's installed database (`/lib/apk/db/installed`) → its packages. */
import type { OsPackage } from '../types.js';

/**
 * One package per blank-line separated record of `X:value` lines: `P` name, `V` version, `A` architecture, `L`
 * license, `o` origin (the source package). The file lists installed packages only.
 */
export function apkPackages(text: string): OsPackage[] {
  const out: OsPackage[] = [];
  for (const record of text.split(/\n\s*\n/)) {
    const field = new Map<string, string>();
    for (const line of record.split('\n')) {
      // Keys are one character; the first occurrence wins (`F:`/`R:` lines repeat, the ones read here do not).
      if (line.length >= 2 && line[1] === ':' && !field.has(line[0] as string))
        field.set(line[0] as string, line.slice(2));
    }
    const name = field.get('P');
    const version = field.get('V');
    if (!name || !version) continue;
    const origin = field.get('o') || null;
    out.push({
      manager: 'apk',
      name,
      version,
      arch: field.get('A') || null,
      source: origin === name ? null : origin,
      license: field.get('L') || null,
    });
  }
  return out;
}

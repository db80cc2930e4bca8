/** dpkg's status database (`/var/lib/dpkg/status`, or distroless's one file per package in `status.d/`) → its packages. */
import type { OsPackage } from '../types.js';

/** Package states whose files are not on disk: never installed or purged, and removed with only its conffiles left. */
const NOT_ON_DISK = new Set(['not-installed', 'config-files']);

/**
 * The stanzas of a deb822 text (RFC 822-like fields, blank-line separated), field names in lower case. Continuation
 * lines (indented: descriptions, conffile lists) are skipped, since no field read here spans lines.
 */
export function deb822Stanzas(text: string): Map<string, string>[] {
  const stanzas: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size) stanzas.push(current);
      current = new Map();
      continue;
    }
    const colon = line.indexOf(':');
    if (/^[ \t]/.test(line) || colon <= 0) continue;
    current.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (current.size) stanzas.push(current);
  return stanzas;
}

/**
 * The packages whose files are on disk, in database order: every state but `not-installed` and `config-files`
 * (`dpkg-query -W` also lists the latter, which a finished image seldom holds). One stanza is one package
 * instance, so `libc6:amd64` and `libc6:i386` are two.
 */
export function dpkgPackages(text: string): OsPackage[] {
  const out: OsPackage[] = [];
  for (const s of deb822Stanzas(text)) {
    const name = s.get('package');
    const version = s.get('version');
    if (!name || !version) continue;
    const state = (s.get('status') ?? 'install ok installed').split(/\s+/)[2] ?? 'installed';
    if (NOT_ON_DISK.has(state)) continue;
    // `Source: glibc` or `Source: glibc (2.36-9)` when the source version differs from the binary's.
    const source = (s.get('source') ?? '').split(/\s+/)[0] || null;
    out.push({
      manager: 'dpkg',
      name,
      version,
      arch: s.get('architecture') || null,
      source: source === name ? null : source,
      license: null,
    });
  }
  return out;
}

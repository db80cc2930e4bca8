/**
 * The software in an image's final filesystem: its distribution, OS packages and Go binaries, from the contents the
 * layer read kept (file-capture.ts). The topmost layer holding a database wins and a whiteout removes it, because
 * the merged filesystem already says which entry survives at each path.
 */
import type { PackageFacts } from '../types.js';
import { apkPackages } from './apk-installed.js';
import { dpkgPackages } from './dpkg-status.js';
import { DPKG_STATUS_DIR } from './file-capture.js';
import type { LayerEntry } from './layer-files.js';
import { type MergedFilesystem, resolvePath } from './merged-filesystem.js';
import { parseOsRelease } from './os-release.js';

/** Where each database is looked for, in order; the first that holds one is read. */
const OS_RELEASE = ['/etc/os-release', '/usr/lib/os-release'];
const DPKG_STATUS = '/var/lib/dpkg/status';
const APK_INSTALLED = ['/lib/apk/db/installed', '/usr/lib/apk/db/installed'];

/** The kept text of the regular file `p` leads to (through symlinks), or null. */
function textAt(fs: MergedFilesystem, p: string): string | null {
  const c = resolvePath(fs, p, true).entry?.captured;
  return c?.kind === 'text' ? c.text : null;
}

/** Distro, OS packages and Go binaries of a merged filesystem; vulnerabilities are the scanner's, so null here. */
export function imagePackages(fs: MergedFilesystem): PackageFacts {
  const notRead: string[] = [];
  const distro =
    OS_RELEASE.map((p) => textAt(fs, p))
      .map((text) => (text === null ? null : parseOsRelease(text)))
      .find((d) => d !== null) ?? null;
  const os = [];
  const status = textAt(fs, DPKG_STATUS);
  if (status !== null) os.push(...dpkgPackages(status));
  const apk = APK_INSTALLED.map((p) => textAt(fs, p)).find((t) => t !== null);
  if (apk) os.push(...apkPackages(apk));
  const go = [];
  for (const [path, e] of fs) {
    // distroless: one stanza per file; its `<package>.md5sums` files beside them are no stanzas.
    if (path.startsWith(DPKG_STATUS_DIR) && !path.endsWith('.md5sums') && e.captured?.kind === 'text')
      os.push(...dpkgPackages(e.captured.text));
    const c = captured(fs, e);
    if (c?.kind === 'go') go.push({ path, ...c.info });
    if (c?.kind === 'unread') notRead.push(c.reason);
  }
  // By code unit, not locale, so two machines write the same order.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  os.sort((a, b) => cmp(a.manager, b.manager) || cmp(a.name, b.name) || cmp(a.arch ?? '', b.arch ?? ''));
  go.sort((a, b) => cmp(a.path, b.path));
  return { distro, os, go, notRead, vulnerabilities: null };
}

/** What was kept of a file, a hard link sharing its target's. */
function captured(fs: MergedFilesystem, e: LayerEntry): LayerEntry['captured'] {
  return e.kind === 'hardlink' ? fs.get(e.link)?.captured : e.captured;
}

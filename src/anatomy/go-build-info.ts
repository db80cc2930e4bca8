/**
 * The build information the Go linker embeds in every binary since Go 1.13: the toolchain version and the module
 * list, found as Go's own debug/buildinfo finds it (what `go version -m` prints). Both layouts are read: the inline
 * strings of Go 1.18 and later, and the older pointers to Go strings elsewhere in the data. Binaries built before
 * Go 1.13, and binaries packed by UPX, carry none that can be read this way.
 */
import type { GoBinary, GoModule } from '../types.js';
import { type ElfImage, parseElf } from './elf-image.js';

/** The 14 bytes that open the blob; the blob starts on a 16-byte boundary. */
export const BUILD_INFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const ALIGN = 16;
const HEADER_BYTES = 32;
/** How far into the data Go looks for the blob, bytes. */
const SEARCH_BYTES = 64 * 1024;
/** Flag bit: the two strings follow the header inline, length-prefixed (Go 1.18+). */
const INLINE = 0x2;
/** The 16 bytes framing the module information on each side (cmd/go/internal/modload's infoStart and infoEnd). */
const FRAMING = 16;

/** What the build information of one binary says; the path is the caller's. */
export type GoBuildInfo = Omit<GoBinary, 'path'>;

/** The build information of the ELF binary in `bytes`, or null when it has none that can be read. */
export function readGoBuildInfo(bytes: Buffer): GoBuildInfo | null {
  const elf = parseElf(bytes);
  const start = elf?.dataStart();
  if (!elf || start == null) return null;
  const raw = rawBuildInfo(elf, start);
  if (!raw) return null;
  return { goVersion: raw.version, ...parseModInfo(raw.modinfo) };
}

/** The version string and the unframed module information, as debug/buildinfo's readRawBuildInfo gives them. */
function rawBuildInfo(elf: ElfImage, start: number): { version: string; modinfo: string } | null {
  // The data from the start to the end of its segment: the search is bounded, the inline strings after it are not.
  const data = elf.readData(start, Number.MAX_SAFE_INTEGER);
  if (!data) return null;
  let at = -1;
  for (let from = 0; ; ) {
    const i = data.indexOf(BUILD_INFO_MAGIC, from);
    if (i < 0 || i >= SEARCH_BYTES || data.length - i < HEADER_BYTES) return null;
    if (i % ALIGN === 0) {
      at = i;
      break;
    }
    from = i + 1;
  }
  const blob = data.subarray(at);
  const pointerSize = blob[14];
  const flags = blob[15] ?? 0;
  let version: string;
  let modinfo: string;
  if (flags & INLINE) {
    const v = uvarintString(blob, HEADER_BYTES);
    const m = v ? uvarintString(blob, v.next) : null;
    version = v?.text ?? '';
    modinfo = m?.text ?? '';
  } else {
    if (pointerSize !== 4 && pointerSize !== 8) return null;
    const big = flags !== 0;
    const ptr = (b: Buffer, at: number): number | null => {
      if (b.length < at + pointerSize) return null;
      if (pointerSize === 4) return big ? b.readUInt32BE(at) : b.readUInt32LE(at);
      return Number(big ? b.readBigUInt64BE(at) : b.readBigUInt64LE(at));
    };
    const goString = (addr: number | null): string => {
      const header = addr === null ? null : elf.readData(addr, 2 * pointerSize);
      if (!header || header.length < 2 * pointerSize) return '';
      const dataAddr = ptr(header, 0);
      const len = ptr(header, pointerSize);
      if (dataAddr === null || len === null) return '';
      const text = elf.readData(dataAddr, len);
      return text && text.length === len ? text.toString('utf8') : '';
    };
    version = goString(ptr(blob, 16));
    modinfo = goString(ptr(blob, 16 + pointerSize));
  }
  if (version === '') return null;
  // Unframed only when both sentinels are there; otherwise the binary was built outside module mode.
  const framed = modinfo.length >= 2 * FRAMING + 1 && modinfo[modinfo.length - FRAMING - 1] === '\n';
  return { version, modinfo: framed ? modinfo.slice(FRAMING, -FRAMING) : '' };
}

/** A string prefixed by its length as an unsigned varint, at `at`; null when it runs past the end. */
function uvarintString(b: Buffer, at: number): { text: string; next: number } | null {
  let len = 0;
  let i = at;
  for (let shift = 0; ; shift += 7) {
    const byte = b[i++];
    if (byte === undefined || shift > 49) return null;
    len += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) break;
  }
  if (i + len > b.length) return null;
  return { text: b.toString('latin1', i, i + len), next: i + len };
}

/** A value as cmd/go writes it: quoted with strconv.Quote when it holds spaces, tabs, quotes or `=`. */
function unquote(s: string): string {
  if (!s.startsWith('"')) return s;
  try {
    return JSON.parse(s) as string;
  } catch {
    // Go's quoting has escapes JSON lacks (\x, \a); the raw text is still the best name for it.
    return s.slice(1, -1);
  }
}

/** The module information text (`path`, `mod`, `dep`, `=>` and `build` lines), as runtime/debug.ParseBuildInfo reads it. */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  let command = '';
  let main: GoModule | null = null;
  const modules: GoModule[] = [];
  const settings: Record<string, string> = {};
  let last: GoModule | null = null;
  for (const line of text.split('\n')) {
    const [kind, ...fields] = line.split('\t');
    if (kind === 'path') command = fields[0] ?? '';
    else if (kind === 'mod') {
      main = { path: fields[0] ?? '', version: fields[1] ?? '' };
      last = main;
    } else if (kind === 'dep') {
      last = { path: fields[0] ?? '', version: fields[1] ?? '' };
      modules.push(last);
    } else if (kind === '=>' && last) {
      // What was compiled in is the replacement; a local directory replacement has no version.
      const replaced = last.path;
      last.path = fields[0] ?? replaced;
      last.version = fields[1] || '(devel)';
      last.replaces = replaced;
    } else if (kind === 'build') {
      const rest = fields.join('\t');
      const key = rest.startsWith('"') ? (/^"(?:[^"\\]|\\.)*"/.exec(rest)?.[0] ?? rest) : rest.split('=')[0];
      if (key === undefined) continue;
      settings[unquote(key)] = unquote(rest.slice(key.length + 1));
    }
  }
  return { command, main, modules, settings };
}

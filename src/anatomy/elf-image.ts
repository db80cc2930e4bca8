/**
 * The little of an ELF file that finding Go's build information needs: its loadable segments (to read a virtual
 * address) and its section names. Both ELF classes and byte orders, as Go's debug/elf reads them.
 */

/** `\x7fELF`: the first four bytes of every ELF file. */
export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;

/** A program header, as far as reading memory goes. */
interface Segment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

/** A section: its name and where it lives. */
interface Section {
  name: string;
  addr: number;
  offset: number;
  size: number;
}

/** An ELF file held in memory, read the way Go's debug/buildinfo reads one. */
export interface ElfImage {
  /** Up to `size` bytes at virtual address `addr`, from the segment that maps it; null when none does. */
  readData(addr: number, size: number): Buffer | null;
  /** The `.go.buildinfo` section's address, else the first writable, non-executable loadable segment's; null if neither. */
  dataStart(): number | null;
  /** 4 or 8. */
  pointerSize: 4 | 8;
  bigEndian: boolean;
}

/** The ELF file in `bytes`, or null when it is no ELF file or its headers lie outside it. */
export function parseElf(bytes: Buffer): ElfImage | null {
  if (bytes.length < 52 || !bytes.subarray(0, 4).equals(ELF_MAGIC)) return null;
  const cls = bytes[4];
  const data = bytes[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) return null;
  const wide = cls === 2;
  const big = data === 2;
  const u16 = (at: number) => (big ? bytes.readUInt16BE(at) : bytes.readUInt16LE(at));
  const u32 = (at: number) => (big ? bytes.readUInt32BE(at) : bytes.readUInt32LE(at));
  // Offsets above 2^53 cannot be in a file held in memory: Number is exact below that.
  const u64 = (at: number) => Number(big ? bytes.readBigUInt64BE(at) : bytes.readBigUInt64LE(at));
  const word = wide ? u64 : u32;
  const fits = (at: number, len: number) => at >= 0 && len >= 0 && at + len <= bytes.length;
  try {
    if (wide && bytes.length < 64) return null;
    const phoff = word(wide ? 32 : 28);
    const shoff = word(wide ? 40 : 32);
    const phentsize = u16(wide ? 54 : 42);
    const phnum = u16(wide ? 56 : 44);
    const shentsize = u16(wide ? 58 : 46);
    const shnum = u16(wide ? 60 : 48);
    const shstrndx = u16(wide ? 62 : 50);
    const segments: Segment[] = [];
    if (!fits(phoff, phentsize * phnum)) return null;
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      segments.push(
        wide
          ? { type: u32(at), flags: u32(at + 4), offset: u64(at + 8), vaddr: u64(at + 16), filesz: u64(at + 32) }
          : { type: u32(at), offset: u32(at + 4), vaddr: u32(at + 8), filesz: u32(at + 16), flags: u32(at + 24) },
      );
    }
    const sections = readSections(bytes, { wide, u32, word, fits, shoff, shentsize, shnum, shstrndx });
    const loads = segments.filter((s) => s.type === PT_LOAD);
    return {
      pointerSize: wide ? 8 : 4,
      bigEndian: big,
      readData(addr, size) {
        for (const s of loads) {
          if (s.filesz === 0 || addr < s.vaddr || addr > s.vaddr + s.filesz - 1) continue;
          const start = s.offset + (addr - s.vaddr);
          const n = Math.min(size, s.vaddr + s.filesz - addr);
          return fits(start, n) ? bytes.subarray(start, start + n) : null;
        }
        return null;
      },
      dataStart() {
        const section = sections.find((s) => s.name === '.go.buildinfo');
        if (section) return section.addr;
        const writable = loads.find((s) => (s.flags & (PF_X | PF_W)) === PF_W);
        return writable ? writable.vaddr : null;
      },
    };
  } catch (err) {
    // A header field that points past the end: a truncated or foreign file, not an error of the image.
    if (err instanceof RangeError) return null;
    throw err;
  }
}

interface SectionTable {
  wide: boolean;
  u32: (at: number) => number;
  word: (at: number) => number;
  fits: (at: number, len: number) => boolean;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** The section headers with their names; none when the file has no table or it lies outside the file. */
function readSections(bytes: Buffer, t: SectionTable): Section[] {
  if (t.shoff === 0 || t.shnum === 0 || !t.fits(t.shoff, t.shentsize * t.shnum)) return [];
  const raw: (Section & { nameAt: number })[] = [];
  for (let i = 0; i < t.shnum; i++) {
    const at = t.shoff + i * t.shentsize;
    raw.push(
      t.wide
        ? { nameAt: t.u32(at), name: '', addr: t.word(at + 16), offset: t.word(at + 24), size: t.word(at + 32) }
        : { nameAt: t.u32(at), name: '', addr: t.word(at + 12), offset: t.word(at + 16), size: t.word(at + 20) },
    );
  }
  const names = raw[t.shstrndx];
  if (!names || !t.fits(names.offset, names.size)) return raw;
  for (const s of raw) {
    const from = names.offset + s.nameAt;
    const end = bytes.indexOf(0, from);
    if (s.nameAt < names.size && end >= 0) s.name = bytes.toString('latin1', from, end);
  }
  return raw;
}

/**
 * Small ELF files holding Go build information, laid out as the Go linker lays them out, for the build-info tests:
 * a text segment, a writable data segment whose start holds the blob, and optionally section headers that name
 * `.go.buildinfo` elsewhere. Real binaries are read in the integration tests.
 */

/** cmd/go/internal/modload's infoStart and infoEnd: the framing around the module information. */
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

export interface ElfOptions {
  /** `inline`: Go 1.18+ (strings after the header); `pointers`: Go 1.13–1.17 (addresses of Go strings). */
  layout: 'inline' | 'pointers';
  version: string;
  /** The module information lines, framed unless `unframed`. */
  modinfo: string;
  unframed?: boolean;
  /** 32-bit big-endian instead of 64-bit little-endian. */
  elf32be?: boolean;
  /** An aligned copy of the magic in the text segment, as cmd/go itself holds the literal. */
  decoyInText?: boolean;
  /**
   * Put the blob 0x100 into the data segment and name it with a `.go.buildinfo` section header, with another blob
   * (version `go0-decoy`) at the segment's start that only a reader ignoring the section would take.
   */
  section?: boolean;
}

const TEXT_VADDR = 0x400000;
const DATA_OFF = 0x1000;
const DATA_VADDR = 0x601000;

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** An ELF file whose data holds the build information `opts` describes. */
export function goElf(opts: ElfOptions): Buffer {
  const wide = !opts.elf32be;
  const ptr = wide ? 8 : 4;
  const w = {
    u16: (b: Buffer, at: number, v: number) => (wide ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at)),
    u32: (b: Buffer, at: number, v: number) => (wide ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at)),
    word: (b: Buffer, at: number, v: number) => (wide ? b.writeBigUInt64LE(BigInt(v), at) : b.writeUInt32BE(v, at)),
  };
  const modinfo = opts.unframed
    ? Buffer.from(opts.modinfo, 'latin1')
    : Buffer.concat([INFO_START, Buffer.from(opts.modinfo, 'latin1'), INFO_END]);
  const text = Buffer.alloc(DATA_OFF);
  const data = Buffer.alloc(0x2000);
  const blobAt = opts.section ? 0x100 : 0;
  if (opts.decoyInText) {
    MAGIC.copy(text, 0x800);
    text[0x800 + 14] = ptr;
    text[0x800 + 15] = 2;
  }
  if (opts.section) {
    MAGIC.copy(data, 0);
    data.set([ptr, 2, ...Array(16).fill(0), 9, ...Buffer.from('go0-decoy'), 0], 14);
  }
  MAGIC.copy(data, blobAt);
  data[blobAt + 14] = ptr;
  if (opts.layout === 'inline') {
    data[blobAt + 15] = 2;
    const v = Buffer.from(opts.version, 'latin1');
    Buffer.concat([uvarint(v.length), v, uvarint(modinfo.length), modinfo]).copy(data, blobAt + 32);
  } else {
    data[blobAt + 15] = opts.elf32be ? 1 : 0;
    // The strings' bytes live in the text segment (rodata), their headers in the data segment, as the linker has them.
    const versionBytes = Buffer.from(opts.version, 'latin1');
    versionBytes.copy(text, 0x200);
    modinfo.copy(text, 0x300);
    const headers = 0x800;
    w.word(data, headers, TEXT_VADDR + 0x200);
    w.word(data, headers + ptr, versionBytes.length);
    w.word(data, headers + 2 * ptr, TEXT_VADDR + 0x300);
    w.word(data, headers + 3 * ptr, modinfo.length);
    w.word(data, blobAt + 16, DATA_VADDR + headers);
    w.word(data, blobAt + 16 + ptr, DATA_VADDR + headers + 2 * ptr);
  }
  // Headers: the ELF header, two program headers, then (optionally) a string table and three section headers.
  const ehsize = wide ? 64 : 52;
  const phentsize = wide ? 56 : 32;
  const shentsize = wide ? 64 : 40;
  const shstr = Buffer.from('\0.shstrtab\0.go.buildinfo\0', 'latin1');
  const shstrOff = ehsize + 2 * phentsize;
  const shoff = opts.section ? 0x400 : 0;
  text.set([0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, wide ? 1 : 2, 1], 0);
  w.u16(text, 16, 2);
  w.u16(text, 18, wide ? 62 : 8);
  w.u32(text, 20, 1);
  w.word(text, wide ? 32 : 28, ehsize);
  w.word(text, wide ? 40 : 32, shoff);
  w.u16(text, wide ? 52 : 40, ehsize);
  w.u16(text, wide ? 54 : 42, phentsize);
  w.u16(text, wide ? 56 : 44, 2);
  w.u16(text, wide ? 58 : 46, shentsize);
  w.u16(text, wide ? 60 : 48, opts.section ? 3 : 0);
  w.u16(text, wide ? 62 : 50, opts.section ? 1 : 0);
  const segments = [
    { flags: 5, offset: 0, vaddr: TEXT_VADDR, size: text.length },
    { flags: 6, offset: DATA_OFF, vaddr: DATA_VADDR, size: data.length },
  ];
  segments.forEach((s, i) => {
    const at = ehsize + i * phentsize;
    w.u32(text, at, 1);
    if (wide) {
      w.u32(text, at + 4, s.flags);
      w.word(text, at + 8, s.offset);
      w.word(text, at + 16, s.vaddr);
      w.word(text, at + 32, s.size);
      w.word(text, at + 40, s.size);
    } else {
      w.u32(text, at + 4, s.offset);
      w.u32(text, at + 8, s.vaddr);
      w.u32(text, at + 16, s.size);
      w.u32(text, at + 20, s.size);
      w.u32(text, at + 24, s.flags);
    }
  });
  if (opts.section) {
    shstr.copy(text, shstrOff);
    // [0] null, [1] .shstrtab, [2] .go.buildinfo
    const sections = [
      { name: 0, addr: 0, offset: 0, size: 0 },
      { name: 1, addr: 0, offset: shstrOff, size: shstr.length },
      { name: 11, addr: DATA_VADDR + blobAt, offset: DATA_OFF + blobAt, size: 0x100 },
    ];
    sections.forEach((s, i) => {
      const at = shoff + i * shentsize;
      w.u32(text, at, s.name);
      w.word(text, at + (wide ? 16 : 12), s.addr);
      w.word(text, at + (wide ? 24 : 16), s.offset);
      w.word(text, at + (wide ? 32 : 20), s.size);
    });
  }
  return Buffer.concat([text, data]);
}

/** The module information `go version -m` would print for a small module with one dependency and a replacement. */
export const MODINFO = [
  'path\texample.com/hello/cmd/hello',
  'mod\texample.com/hello\t(devel)\t',
  'dep\tgolang.org/x/text\tv0.21.0\th1:abc=',
  'dep\texample.com/old\tv1.0.0\t',
  '=>\texample.com/new\tv1.2.0\th1:def=',
  'dep\texample.com/local\tv0.0.0\t',
  '=>\t../local\t\t',
  'build\t-buildmode=exe',
  'build\t-compiler=gc',
  'build\t-ldflags="-s -w"',
  'build\tCGO_ENABLED=0',
  'build\tGOARCH=amd64',
  '',
].join('\n');

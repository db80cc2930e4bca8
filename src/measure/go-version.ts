/** The Go version a binary was built with, read from its embedded build info (what `go version <file>` prints). */

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/** `go1.23.5`, or null when the binary carries no readable build info (e.g. packed by UPX). */
export function goVersionOf(binary: Buffer): string | null {
  const at = binary.indexOf(MAGIC);
  if (at >= 0) {
    const flags = binary[at + 15] ?? 0;
    // Go 1.18+: flag bit 2 means the version string is inline at offset 32, length-prefixed by a uvarint.
    if (flags & 0x2) {
      let off = at + 32;
      let len = 0;
      for (let shift = 0; off < binary.length; shift += 7) {
        const b = binary[off++] ?? 0;
        len |= (b & 0x7f) << shift;
        if (!(b & 0x80)) break;
      }
      const v = binary.subarray(off, off + len).toString('latin1');
      if (/^go\d/.test(v)) return v;
    }
  }
  // Older toolchains keep runtime.buildVersion as a plain string in the data section.
  const m = /go1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?(?=[^\w.])/.exec(binary.toString('latin1'));
  return m ? m[0] : null;
}

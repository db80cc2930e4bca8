/** Deterministic filler for a build context: the same bytes on every run and machine, never written to disk. */

// One buffer per size: timed rebuilds make the same context several times, and 50 MB is worth generating once.
const cache = new Map<number, Buffer>();

/**
 * `n` pseudo-random bytes (xorshift32 from a fixed seed). Random rather than zeros so the bytes look like the
 * binaries and archives that really end up in contexts: nothing on the way can shrink them by compressing.
 */
export function junkBytes(n: number): Buffer {
  const hit = cache.get(n);
  if (hit) return hit;
  const buf = Buffer.alloc(n);
  // Whole words through a typed array (fast); DataView-free means host byte order, little-endian on every target.
  const words = new Uint32Array(buf.buffer, buf.byteOffset, Math.floor(n / 4));
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  cache.set(n, buf);
  return buf;
}

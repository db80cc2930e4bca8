/**
 * Recognises what a member of a `docker save` archive holds by its first bytes, and opens a layer as a plain tar
 * stream. Docker 20.10 writes `<id>/layer.tar`; from Docker 25 on, the archive is an OCI layout whose blobs have no
 * name to go by: uncompressed on a graph driver, stored as pulled or built (gzip, possibly zstd) under the containerd
 * image store.
 */
import { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

/** How a layer was stored in the archive: the first part of where its per-layer sizes come from. */
export type LayerFormat = 'tar' | 'gzip' | 'zstd';

/** What a member holds: a layer in one of the formats, or other data (JSON: manifest, index, config). */
export type MemberKind = LayerFormat | 'data';

/** Bytes needed to recognise a tar: the `ustar` magic sits at offset 257 of the first 512-byte header. */
const SNIFF_BYTES = 512;

/** The kind of a member from its first bytes (up to 512). */
export function sniff(head: Buffer): MemberKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  // An empty layer is an archive of only its two zero end blocks.
  if (head.length === SNIFF_BYTES && head.every((b) => b === 0)) return 'tar';
  return 'data';
}

/** Read the first bytes of `source`, and give back its kind and a stream that still yields every byte. */
export async function peek(source: AsyncIterable<Buffer>): Promise<{ kind: MemberKind; stream: Readable }> {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let bytes = 0;
  let done = false;
  while (bytes < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    bytes += next.value.length;
  }
  const first = Buffer.concat(head);
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { kind: sniff(first.subarray(0, SNIFF_BYTES)), stream: Readable.from(all(), { objectMode: false }) };
}

/** A zstd decoder as a stream. Node 20's zlib has none; fzstd is a pure-JS decoder with no native build. */
function createZstdDecompress(): Transform {
  let decoder: Decompress;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        decoder.push(chunk);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        decoder.push(new Uint8Array(0), true);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  // The decoder may reuse its output buffer, so each chunk is copied before it leaves.
  decoder = new Decompress((data) => t.push(Buffer.from(data)));
  return t;
}

/** The plain tar bytes of a layer stored as `format`. */
export function openLayer(stream: Readable, format: LayerFormat): Readable {
  if (format === 'tar') return stream;
  const decoder = format === 'gzip' ? createGunzip() : createZstdDecompress();
  stream.on('error', (err) => decoder.destroy(err));
  return stream.pipe(decoder);
}

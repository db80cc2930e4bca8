/**
 * The bounds an image's uncompressed size must lie in, computed straight from `docker save` with no harness code:
 * the tar sizes of the regular files in its layers, and that plus the byte length of every symlink target. overlay2
 * reports a figure in between (symlinks count only for layers it sized by walking a directory, such as imports).
 * Reads every export layout: `<id>/layer.tar` (20.10), the OCI layout of 25+, and gzip or zstd blobs (containerd).
 * The whole export is held in memory, so use it on small images.
 */
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import tar from 'tar-stream';
import { docker } from './user-image.js';

async function entries(
  stream: NodeJS.ReadableStream,
): Promise<Map<string, { type: string; size: number; body: Buffer; linkname: string }>> {
  const out = new Map<string, { type: string; size: number; body: Buffer; linkname: string }>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        out.set(h.name, {
          type: h.type ?? 'file',
          size: h.size ?? 0,
          body: Buffer.concat(chunks),
          linkname: h.linkname ?? '',
        });
        next();
      });
      body.on('error', reject);
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  stream.pipe(extract);
  await done;
  return out;
}

function plainTar(blob: Buffer): Buffer {
  if (blob[0] === 0x1f && blob[1] === 0x8b) return gunzipSync(blob);
  if (blob.readUInt32LE(0) === 0xfd2fb528) return Buffer.from(zstdDecompress(blob));
  return blob;
}

/** Regular-file bytes and symlink-target bytes over every layer of `ref`'s export. */
export async function savedLayerBytes(ref: string): Promise<{ regular: number; symlinks: number }> {
  const outer = await entries(await docker.getImage(ref).get());
  const manifest = JSON.parse(outer.get('manifest.json')?.body.toString('utf8') ?? '[]') as { Layers: string[] }[];
  const layers = manifest[0]?.Layers ?? [];
  if (layers.length === 0) throw new Error(`docker save of ${ref} lists no layers`);
  let regular = 0;
  let symlinks = 0;
  for (const name of layers) {
    const blob = outer.get(name)?.body;
    if (!blob) throw new Error(`docker save of ${ref} lists ${name}, which the archive does not hold`);
    for (const e of (await entries(Readable.from([plainTar(blob)]))).values()) {
      if (e.type === 'file' || e.type === 'contiguous-file') regular += e.size;
      else if (e.type === 'symlink') symlinks += Buffer.byteLength(e.linkname);
    }
  }
  return { regular, symlinks };
}

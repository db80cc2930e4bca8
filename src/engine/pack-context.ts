/** Packs a build context as a plain tar in memory: the daemon accepts it uncompressed, so no gzip time is timed. */
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { ContextFile } from './engine.js';

/** Tar the files; returns the stream and its exact byte count (reported as context bytes). */
export function packContext(files: ContextFile[]): { stream: NodeJS.ReadableStream; bytes: number } {
  // Tar layout is deterministic: 512-byte header per file plus content padded to 512, plus two zero blocks.
  let bytes = 1024;
  const pack = tar.pack();
  // Fixed mtime: the same sources give the same context, so BuildKit's cache keys only change with content.
  const mtime = new Date(0);
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    pack.entry({ name: f.name, mode: f.mode ?? 0o644, mtime }, f.content);
    bytes += 512 + Math.ceil(f.content.length / 512) * 512;
  }
  pack.finalize();
  // tar-stream 3 packs are streamx streams; wrap so dockerode sees a plain Node readable.
  return { stream: Readable.from(pack as unknown as AsyncIterable<Buffer>), bytes };
}

/** Fetch one blob and pay what a pull pays for it: sha256, byte count, gunzip and tar parsing (nothing is written). */
import { createHash } from 'node:crypto';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { type Descriptor, layerCompression } from './manifest.js';

/** One blob as fetched. */
export interface BlobPull {
  /** `sha256:…` computed from the bytes received (checked against the manifest). */
  digest: string;
  /** Bytes received. */
  bytes: number;
  /** Bytes of the uncompressed tar stream; 0 for the config. */
  unpackedBytes: number;
}

/** A pass-through that counts bytes, and hashes them when given a hash. */
function tap(onChunk: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onChunk(chunk);
      cb(null, chunk);
    },
  });
}

/** Parse a tar stream to its end, draining every entry: the CPU work of an untar without the disk. */
function tarDrain(): Writable {
  const extract = tar.extract();
  extract.on('entry', (_header, entry, next) => {
    entry.on('end', next);
    entry.resume();
  });
  return extract as unknown as Writable;
}

/** A sink that discards (the config blob). */
function discard(): Writable {
  return new Writable({ write: (_c, _e, cb) => cb() });
}

/** GET `url` and verify it against `desc`; a mismatch or a bad stream rejects naming the blob. */
export async function pullBlob(
  url: string,
  desc: Descriptor,
  isConfig: boolean,
  signal?: AbortSignal,
): Promise<BlobPull> {
  const name = `blob ${desc.digest}`;
  try {
    const res = await fetch(url, { redirect: 'error', ...(signal ? { signal } : {}) });
    if (res.status !== 200 || !res.body) throw new Error(`GET ${url} answered ${res.status}`);
    const hash = createHash('sha256');
    let bytes = 0;
    let unpackedBytes = 0;
    const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    const received = tap((c) => {
      hash.update(c);
      bytes += c.length;
    });
    if (isConfig) {
      await pipeline([source, received, discard()], signal ? { signal } : {});
    } else {
      const compression = layerCompression(desc.mediaType);
      if (compression === 'unsupported') throw new Error(`unsupported layer media type "${desc.mediaType}"`);
      const unpacked = tap((c) => {
        unpackedBytes += c.length;
      });
      const stages = compression === 'gzip' ? [received, createGunzip(), unpacked] : [received, unpacked];
      await pipeline([source, ...stages, tarDrain()], signal ? { signal } : {});
    }
    const digest = `sha256:${hash.digest('hex')}`;
    if (digest !== desc.digest) throw new Error(`sha256 mismatch, got ${digest}`);
    if (bytes !== desc.size) throw new Error(`size mismatch: the manifest says ${desc.size} bytes, got ${bytes}`);
    return { digest, bytes, unpackedBytes };
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message ?? err}`, { cause: err });
  }
}

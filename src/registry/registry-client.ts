/** A registry v2 client for honest cold pulls without the daemon's layer cache. */
import { createHash } from 'node:crypto';
import { type BlobPull, pullBlob } from './blob-pull.js';
import {
  type Descriptor,
  hostArchitecture,
  type ImageManifest,
  MANIFEST_ACCEPT,
  parseManifest,
  pickPlatform,
} from './manifest.js';

/** `127.0.0.1:<port>` or `localhost:<port>`: the harness only ever talks to loopback. */
export function assertLoopback(host: string): void {
  if (!/^(127\.0\.0\.1|localhost):\d{1,5}$/.test(host)) {
    throw new Error(`registry "${host}" is not on loopback: pass --registry 127.0.0.1:<port>`);
  }
}

function url(host: string, path: string): string {
  assertLoopback(host);
  return `http://${host}${path}`;
}

/** GET that rejects on anything but 200, naming the URL and the registry's answer. Never follows a redirect. */
async function get(u: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  const res = await fetch(u, { headers, redirect: 'error', ...(signal ? { signal } : {}) });
  if (res.status !== 200) {
    const body = (await res.text().catch(() => '')).trim().slice(0, 200);
    throw new Error(`GET ${u} answered ${res.status}${body ? `: ${body}` : ''}`);
  }
  return res;
}

/** A resolved manifest and the digests that name it. */
export interface FetchedManifest {
  manifest: ImageManifest;
  /** Digest of what `ref` names (an index when multi-platform): the one `deleteImage` takes. */
  digest: string;
  /** Digest of the single-platform image manifest. */
  manifestDigest: string;
}

async function getManifest(host: string, repo: string, ref: string, signal?: AbortSignal) {
  const u = url(host, `/v2/${repo}/manifests/${ref}`);
  const res = await get(u, { Accept: MANIFEST_ACCEPT }, signal);
  const body = Buffer.from(await res.arrayBuffer());
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const claimed = ref.startsWith('sha256:') ? ref : res.headers.get('docker-content-digest');
  if (claimed && claimed !== digest) throw new Error(`manifest ${repo}@${claimed}: sha256 mismatch, got ${digest}`);
  return { parsed: parseManifest(body.toString('utf8'), res.headers.get('content-type') ?? ''), digest };
}

/** Fetch `repo:ref`'s manifest; an index or list resolves to linux/`architecture` (default: the host's). */
export async function fetchManifest(
  host: string,
  repo: string,
  ref: string,
  opts: { signal?: AbortSignal; architecture?: string } = {},
): Promise<FetchedManifest> {
  const top = await getManifest(host, repo, ref, opts.signal);
  if (top.parsed.kind === 'image') return { manifest: top.parsed, digest: top.digest, manifestDigest: top.digest };
  const entry = pickPlatform(top.parsed, opts.architecture ?? hostArchitecture());
  const inner = await getManifest(host, repo, entry.digest, opts.signal);
  if (inner.parsed.kind !== 'image') throw new Error(`manifest ${repo}@${entry.digest} is an index inside an index`);
  return { manifest: inner.parsed, digest: top.digest, manifestDigest: inner.digest };
}

/** One throw-away request: the first fetch in a process pays undici's start-up, tens of milliseconds that would otherwise land in the first timed sample. */
export async function warmUp(host: string, signal?: AbortSignal): Promise<void> {
  const res = await get(url(host, '/v2/'), {}, signal);
  await res.arrayBuffer();
}

/** A cold pull done by the harness: every byte fetched, checked, decompressed and untarred (not written). */
export interface ColdPullResult {
  /** Wall time from the manifest request to the last layer byte, ms. */
  ms: number;
  /** Σ layer bytes downloaded (config excluded), equal to `compressedSize(manifest)`. */
  compressedBytes: number;
  /** Σ bytes of the uncompressed layer tar streams (headers included). */
  unpackedBytes: number;
  /** Each layer as fetched, with the digest computed from its bytes. */
  layers: BlobPull[];
}

export interface ColdPullOptions {
  signal?: AbortSignal;
  /** Blobs fetched at once; dockerd's default is 3. @default 3 */
  concurrency?: number;
  architecture?: string;
}

/** Pull `repo:ref` from `host` without the daemon: manifest, then config and layers `concurrency` at a time. */
export async function coldPull(
  host: string,
  repo: string,
  ref: string,
  opts: ColdPullOptions = {},
): Promise<ColdPullResult> {
  const t0 = performance.now();
  // One failed blob stops the others, so no stream is left running.
  const ctl = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, ctl.signal]) : ctl.signal;
  const { manifest } = await fetchManifest(host, repo, ref, {
    signal,
    ...(opts.architecture ? { architecture: opts.architecture } : {}),
  });
  const blobs: { desc: Descriptor; isConfig: boolean }[] = [
    { desc: manifest.config, isConfig: true },
    ...manifest.layers.map((desc) => ({ desc, isConfig: false })),
  ];
  const pulls = await mapLimit(blobs, opts.concurrency ?? 3, async (b) => {
    try {
      return await pullBlob(url(host, `/v2/${repo}/blobs/${b.desc.digest}`), b.desc, b.isConfig, signal);
    } catch (err) {
      ctl.abort(err);
      throw err;
    }
  });
  // Each blob's size was checked against the manifest, so compressedBytes is compressedSize(manifest).
  const layers = pulls.slice(1);
  return {
    ms: performance.now() - t0,
    compressedBytes: layers.reduce((s, l) => s + l.bytes, 0),
    unpackedBytes: layers.reduce((s, l) => s + l.unpackedBytes, 0),
    layers,
  };
}

/** Run `fn` over `items`, at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Delete a manifest by digest (clean-up after a push; blobs stay until garbage collection). Missing is not an error. */
export async function deleteImage(host: string, repo: string, digest: string, signal?: AbortSignal): Promise<void> {
  const u = url(host, `/v2/${repo}/manifests/${digest}`);
  const res = await fetch(u, { method: 'DELETE', redirect: 'error', ...(signal ? { signal } : {}) });
  await res.arrayBuffer();
  if (res.status === 202 || res.status === 404) return;
  const hint = res.status === 405 ? ' (the registry has storage.delete disabled)' : '';
  throw new Error(`DELETE ${u} answered ${res.status}${hint}`);
}

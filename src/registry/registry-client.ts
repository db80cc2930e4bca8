/** A registry v2 client: manifests (what a pull downloads) and their deletion, on loopback only. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { hostArchitecture, type ImageManifest, MANIFEST_ACCEPT, parseManifest, pickPlatform } from './manifest.js';

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

/** Delete a manifest by digest (clean-up after a push; blobs stay until garbage collection). Missing is not an error. */
export async function deleteImage(host: string, repo: string, digest: string, signal?: AbortSignal): Promise<void> {
  const u = url(host, `/v2/${repo}/manifests/${digest}`);
  const res = await fetch(u, { method: 'DELETE', redirect: 'error', ...(signal ? { signal } : {}) });
  await res.arrayBuffer();
  if (res.status === 202 || res.status === 404) return;
  const hint = res.status === 405 ? ' (the registry has storage.delete disabled)' : '';
  throw new Error(`DELETE ${u} answered ${res.status}${hint}`);
}

/**
 * Upload one blob from `file` (monolithic: POST opens the upload, one PUT sends it with its digest), unless the
 * repository has it already. The registry checks the digest against the bytes.
 */
export async function uploadBlob(
  host: string,
  repo: string,
  digest: string,
  file: string,
  signal?: AbortSignal,
): Promise<void> {
  const so = signal ? { signal } : {};
  const head = await fetch(url(host, `/v2/${repo}/blobs/${digest}`), { method: 'HEAD', redirect: 'error', ...so });
  if (head.status === 200) return;
  const start = await fetch(url(host, `/v2/${repo}/blobs/uploads/`), { method: 'POST', redirect: 'error', ...so });
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (start.status !== 202 || !location)
    throw new Error(`POST /v2/${repo}/blobs/uploads/ answered ${start.status}, not 202 with a Location`);
  const target = new URL(location, `http://${host}`);
  assertLoopback(target.host);
  target.searchParams.set('digest', digest);
  const size = (await stat(file)).size;
  // A stream body needs `duplex: 'half'`, which Node's fetch requires and the DOM's RequestInit type lacks.
  const init = {
    method: 'PUT',
    redirect: 'error',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
    ...so,
  };
  const res = await fetch(target, init as RequestInit);
  const body = (await res.text().catch(() => '')).trim().slice(0, 200);
  if (res.status !== 201)
    throw new Error(`PUT blob ${digest} to ${repo} answered ${res.status}${body ? `: ${body}` : ''}`);
}

/** Put a manifest, byte for byte, under `tag`; returns the digest the registry names it by. */
export async function putManifest(
  host: string,
  repo: string,
  tag: string,
  body: Buffer,
  mediaType: string,
  signal?: AbortSignal,
): Promise<string> {
  const res = await fetch(url(host, `/v2/${repo}/manifests/${tag}`), {
    method: 'PUT',
    redirect: 'error',
    headers: { 'content-type': mediaType },
    body: new Uint8Array(body),
    ...(signal ? { signal } : {}),
  });
  const text = (await res.text().catch(() => '')).trim().slice(0, 200);
  if (res.status !== 201)
    throw new Error(`PUT manifest ${repo}:${tag} answered ${res.status}${text ? `: ${text}` : ''}`);
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const claimed = res.headers.get('docker-content-digest');
  if (claimed && claimed !== digest)
    throw new Error(`PUT manifest ${repo}:${tag}: the registry names it ${claimed}, not ${digest}`);
  return digest;
}

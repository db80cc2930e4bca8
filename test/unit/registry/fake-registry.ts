/** A tiny registry v2 API on 127.0.0.1 serving hand-made blobs: a fixture for the client, not a mock of it. */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { MEDIA } from '../../../src/registry/manifest.js';

export const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A tar archive of the given files, as bytes. */
export async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(files)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface FakeImage {
  manifest: Buffer;
  digest: string;
  config: Buffer;
  layers: { gz: Buffer; tar: Buffer }[];
}

/** A Docker v2 manifest with one gzip layer per entry of `layers`. */
export async function makeImage(layers: Record<string, string>[]): Promise<FakeImage> {
  const built = await Promise.all(
    layers.map(async (files) => {
      const t = await tarOf(files);
      return { tar: t, gz: gzipSync(t) };
    }),
  );
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha(config), size: config.length },
      layers: built.map((l) => ({
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        digest: sha(l.gz),
        size: l.gz.length,
      })),
    }),
  );
  return { manifest, digest: sha(manifest), config, layers: built };
}

export interface FakeRegistry {
  host: string;
  port: number;
  /** Manifests by `repo:ref` (ref a tag or a digest), with their content type. */
  manifests: Map<string, { body: Buffer; type: string }>;
  /** Blobs by digest; override one to serve wrong bytes. */
  blobs: Map<string, Buffer>;
  requests: { method: string; url: string; accept: string }[];
  /** Status for `GET /v2/`. */
  v2Status: number;
  close(): Promise<void>;
}

/** Put `image` under `repo:tag` (and under its digest). */
export function serve(reg: FakeRegistry, repo: string, tag: string, image: FakeImage): void {
  const entry = { body: image.manifest, type: MEDIA.dockerManifest };
  reg.manifests.set(`${repo}:${tag}`, entry);
  reg.manifests.set(`${repo}:${image.digest}`, entry);
  reg.blobs.set(sha(image.config), image.config);
  for (const l of image.layers) reg.blobs.set(sha(l.gz), l.gz);
}

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const reg: Omit<FakeRegistry, 'host' | 'port' | 'close'> = {
    manifests: new Map(),
    blobs: new Map(),
    requests: [],
    v2Status: 200,
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    reg.requests.push({ method: req.method ?? '', url, accept: String(req.headers.accept ?? '') });
    if (url === '/v2/') {
      res.writeHead(reg.v2Status, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url);
    if (m?.[2] === 'manifests' && req.method === 'DELETE') {
      const found = reg.manifests.delete(`${m[1]}:${m[3]}`);
      res.writeHead(found ? 202 : 404).end();
      return;
    }
    if (m?.[2] === 'manifests') {
      const entry = reg.manifests.get(`${m[1]}:${m[3]}`);
      // Like registry 2.8: no Accept header, no schema 2.
      if (entry && !String(req.headers.accept ?? '').includes(entry.type)) {
        res.writeHead(200, { 'content-type': MEDIA.dockerSchema1 }).end('{"schemaVersion":1}');
      } else if (entry) {
        res.writeHead(200, { 'content-type': entry.type, 'docker-content-digest': sha(entry.body) }).end(entry.body);
      } else res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      return;
    }
    const blob = m?.[2] === 'blobs' ? reg.blobs.get(m[3] ?? '') : undefined;
    if (blob) res.writeHead(200, { 'content-length': blob.length }).end(blob);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(reg, {
    host: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

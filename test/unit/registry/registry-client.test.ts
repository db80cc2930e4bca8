import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEDIA } from '../../../src/registry/manifest.js';
import { coldPull, deleteImage, fetchManifest, mapLimit } from '../../../src/registry/registry-client.js';
import { type FakeRegistry, makeImage, serve, sha, startFakeRegistry, tarOf } from './fake-registry.js';

describe('registry client against a fake registry API on 127.0.0.1', () => {
  let reg: FakeRegistry;
  beforeEach(async () => {
    reg = await startFakeRegistry();
  });
  afterEach(async () => {
    await reg.close();
  });

  it('sends the Accept header, so the registry answers schema 2 with its digest', async () => {
    const img = await makeImage([{ f: 'hello' }]);
    serve(reg, 'app', 'v1', img);
    const got = await fetchManifest(reg.host, 'app', 'v1');
    expect(got.digest).toBe(img.digest);
    expect(got.manifest.layers[0]?.size).toBe(img.layers[0]?.gz.length);
    expect(reg.requests.at(-1)?.accept).toContain(MEDIA.dockerManifest);
  });

  it('resolves a manifest list to the wanted platform with a second request', async () => {
    const img = await makeImage([{ f: 'amd64' }]);
    serve(reg, 'app', 'single', img);
    const list = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.dockerList,
        manifests: [
          {
            mediaType: MEDIA.dockerManifest,
            digest: img.digest,
            size: img.manifest.length,
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ],
      }),
    );
    reg.manifests.set('app:multi', { body: list, type: MEDIA.dockerList });
    const got = await fetchManifest(reg.host, 'app', 'multi', { architecture: 'amd64' });
    expect(got.digest).toBe(sha(list));
    expect(got.manifestDigest).toBe(img.digest);
    expect(reg.requests.map((r) => r.url)).toEqual(['/v2/app/manifests/multi', `/v2/app/manifests/${img.digest}`]);
  });

  it('pulls cold: every layer verified, decompressed and untarred, bytes counted', async () => {
    const img = await makeImage([{ a: 'x'.repeat(10_000) }, { b: 'y', c: 'z' }]);
    serve(reg, 'team/app', 'v1', img);
    const r = await coldPull(reg.host, 'team/app', 'v1');
    expect(r.compressedBytes).toBe(img.layers.reduce((s, l) => s + l.gz.length, 0));
    expect(r.unpackedBytes).toBe(img.layers.reduce((s, l) => s + l.tar.length, 0));
    expect(r.layers.map((l) => l.digest)).toEqual(img.layers.map((l) => sha(l.gz)));
    expect(r.ms).toBeGreaterThan(0);
    const blobs = reg.requests.filter((q) => q.url.includes('/blobs/')).map((q) => q.url);
    expect(blobs).toHaveLength(3);
  });

  it('rejects a blob whose bytes do not match its digest, naming the blob', async () => {
    const img = await makeImage([{ f: 'genuine' }]);
    serve(reg, 'app', 'v1', img);
    const digest = sha(img.layers[0]?.gz ?? Buffer.alloc(0));
    // Valid gzip of a valid tar, same length class, different content: only the hash can tell.
    reg.blobs.set(digest, gzipSync(await tarOf({ f: 'tampere' })));
    await expect(coldPull(reg.host, 'app', 'v1')).rejects.toThrow(`blob ${digest}: sha256 mismatch, got sha256:`);
  });

  it('rejects a manifest whose bytes do not match Docker-Content-Digest', async () => {
    const img = await makeImage([{ f: 'x' }]);
    serve(reg, 'app', 'v1', img);
    reg.manifests.set(`app:${img.digest}`, { body: Buffer.from(`${img.manifest} `), type: MEDIA.dockerManifest });
    await expect(fetchManifest(reg.host, 'app', img.digest)).rejects.toThrow(/sha256 mismatch/);
  });

  it('names the URL and status when a blob is missing', async () => {
    const img = await makeImage([{ f: 'x' }]);
    serve(reg, 'app', 'v1', img);
    reg.blobs.delete(sha(img.config));
    await expect(coldPull(reg.host, 'app', 'v1')).rejects.toThrow(/blob sha256:[0-9a-f]+: GET .* answered 404/);
  });

  it('names the URL when a tag is unknown', async () => {
    await expect(fetchManifest(reg.host, 'app', 'nope')).rejects.toThrow(
      `GET http://${reg.host}/v2/app/manifests/nope answered 404`,
    );
  });

  it('deletes a manifest by digest, and a missing one is not an error', async () => {
    const img = await makeImage([{ f: 'x' }]);
    serve(reg, 'app', 'v1', img);
    await deleteImage(reg.host, 'app', img.digest);
    expect(reg.manifests.has(`app:${img.digest}`)).toBe(false);
    await deleteImage(reg.host, 'app', img.digest);
  });

  it('refuses a registry that is not on loopback', async () => {
    await expect(fetchManifest('10.0.0.5:5000', 'app', 'v1')).rejects.toThrow(/not on loopback/);
  });
});

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([30, 10, 20, 5, 1], 3, async (ms) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(out).toEqual([60, 20, 40, 10, 2]);
    expect(peak).toBe(3);
  });
});

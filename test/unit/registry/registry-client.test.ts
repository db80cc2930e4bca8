import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEDIA } from '../../../src/registry/manifest.js';
import { deleteImage, fetchManifest } from '../../../src/registry/registry-client.js';
import { type FakeRegistry, makeImage, serve, sha, startFakeRegistry } from './fake-registry.js';

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

  it('rejects a manifest whose bytes do not match Docker-Content-Digest', async () => {
    const img = await makeImage([{ f: 'x' }]);
    serve(reg, 'app', 'v1', img);
    reg.manifests.set(`app:${img.digest}`, { body: Buffer.from(`${img.manifest} `), type: MEDIA.dockerManifest });
    await expect(fetchManifest(reg.host, 'app', img.digest)).rejects.toThrow(/sha256 mismatch/);
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

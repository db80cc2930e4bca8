import { describe, expect, it } from 'vitest';
import {
  compressedSize,
  hostArchitecture,
  layerCompression,
  MANIFEST_ACCEPT,
  type ManifestIndex,
  MEDIA,
  parseManifest,
  pickPlatform,
} from '../../../src/registry/manifest.js';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

const image = {
  schemaVersion: 2,
  mediaType: MEDIA.dockerManifest,
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d(1), size: 1470 },
  layers: [
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d(2), size: 2_811_478 },
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d(3), size: 122 },
  ],
};

const index = {
  schemaVersion: 2,
  mediaType: MEDIA.ociIndex,
  manifests: [
    { mediaType: MEDIA.ociManifest, digest: d(4), size: 500, platform: { os: 'linux', architecture: 'arm64' } },
    { mediaType: MEDIA.ociManifest, digest: d(5), size: 501, platform: { os: 'linux', architecture: 'amd64' } },
    { mediaType: MEDIA.ociManifest, digest: d(6), size: 502, platform: { os: 'windows', architecture: 'amd64' } },
  ],
};

describe('manifests', () => {
  it('asks for all four schema-2 media types', () => {
    for (const t of [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest]) {
      expect(MANIFEST_ACCEPT).toContain(t);
    }
  });

  it('parses a Docker v2 manifest and sums compressed layer sizes, config excluded', () => {
    const m = parseManifest(JSON.stringify(image), MEDIA.dockerManifest);
    expect(m.kind).toBe('image');
    if (m.kind !== 'image') return;
    expect(m.layers).toHaveLength(2);
    expect(compressedSize(m)).toBe(2_811_600);
  });

  it('takes the media type from the content type when an OCI manifest omits it', () => {
    const { mediaType: _omit, ...bare } = image;
    expect(parseManifest(JSON.stringify(bare), `${MEDIA.ociManifest}; charset=utf-8`).mediaType).toBe(
      MEDIA.ociManifest,
    );
  });

  it('resolves an index to linux/amd64, and to another architecture when asked', () => {
    const m = parseManifest(JSON.stringify(index), MEDIA.ociIndex) as ManifestIndex;
    expect(m.kind).toBe('index');
    expect(pickPlatform(m, 'amd64').digest).toBe(d(5));
    expect(pickPlatform(m, 'arm64').digest).toBe(d(4));
  });

  it('names the platforms on offer when the wanted one is missing', () => {
    const m = parseManifest(JSON.stringify(index), MEDIA.ociIndex) as ManifestIndex;
    expect(() => pickPlatform(m, 's390x')).toThrow(
      'manifest index has no linux/s390x entry (offers linux/arm64, linux/amd64, windows/amd64)',
    );
  });

  it('rejects a schema 1 answer, saying the Accept header was ignored', () => {
    expect(() => parseManifest('{"schemaVersion":1,"fsLayers":[]}', MEDIA.dockerSchema1)).toThrow(/schema 1/);
  });

  it('rejects a manifest whose layer digest is malformed', () => {
    const bad = { ...image, layers: [{ mediaType: 'x', digest: 'sha256:abc', size: 1 }] };
    expect(() => parseManifest(JSON.stringify(bad), MEDIA.dockerManifest)).toThrow(/no valid config and layers/);
  });

  it('maps Node architectures to OCI ones', () => {
    expect(hostArchitecture('x64')).toBe('amd64');
    expect(hostArchitecture('arm64')).toBe('arm64');
  });

  it('tells gzip, plain and unsupported layers apart', () => {
    expect(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe('gzip');
    expect(layerCompression('application/vnd.oci.image.layer.v1.tar+gzip')).toBe('gzip');
    expect(layerCompression('application/vnd.oci.image.layer.v1.tar')).toBe('none');
    expect(layerCompression('application/vnd.oci.image.layer.v1.tar+zstd')).toBe('unsupported');
  });
});

import { describe, expect, it } from 'vitest';
import {
  compressionOf,
  expectedAlgorithm,
  layerAlgorithm,
  parseCompressions,
  withCompression,
  withoutCompression,
} from '../../../src/registry/compression.js';
import { suggest } from '../../../src/suggest.js';

describe('compressions as a params column', () => {
  it('parses the forms in report order, with a suggestion for a typo', () => {
    expect(parseCompressions('none,zstd-19, gzip', suggest)).toEqual({
      compressions: ['gzip', 'zstd-19', 'none'],
      problems: [],
    });
    expect(parseCompressions('gzp', suggest).problems).toEqual([
      '--compression: "gzp" is not a compression; accepted: gzip, gzip-9, zstd, zstd-19, none; did you mean "gzip"?',
    ]);
  });

  it('names a form other than the default in params, keys sorted, and reads it back', () => {
    expect(withCompression('', 'gzip')).toBe('');
    expect(withCompression('goVersion=1.22', 'gzip')).toBe('goVersion=1.22');
    expect(withCompression('', 'zstd-19')).toBe('compression=zstd-19');
    expect(withCompression('goVersion=1.22', 'zstd')).toBe('compression=zstd;goVersion=1.22');
    expect(compressionOf('compression=zstd;goVersion=1.22')).toBe('zstd');
    expect(compressionOf('goVersion=1.22')).toBe('gzip');
    expect(withoutCompression('compression=zstd;goVersion=1.22')).toBe('goVersion=1.22');
    expect(withoutCompression('compression=none')).toBe('');
  });

  it('reads the algorithm of the layer media types Docker and OCI manifests use', () => {
    expect(layerAlgorithm('application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe('gzip');
    expect(layerAlgorithm('application/vnd.oci.image.layer.v1.tar+gzip')).toBe('gzip');
    expect(layerAlgorithm('application/vnd.oci.image.layer.v1.tar+zstd')).toBe('zstd');
    expect(layerAlgorithm('application/vnd.docker.image.rootfs.diff.tar')).toBe('none');
    expect(layerAlgorithm('application/vnd.oci.image.layer.v1.tar')).toBe('none');
    expect(layerAlgorithm('application/vnd.oci.image.config.v1+json')).toBeNull();
    expect(['gzip', 'gzip-9', 'zstd', 'zstd-19', 'none'].map((c) => expectedAlgorithm(c as never))).toEqual([
      'gzip',
      'gzip',
      'zstd',
      'zstd',
      'none',
    ]);
  });
});

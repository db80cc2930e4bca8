import { describe, expect, it } from 'vitest';
import { BASE_IDS, baseCatalog, resolveOrder } from '../../../src/bases/index.js';
import { InputError } from '../../../src/errors.js';

describe('baseCatalog', () => {
  it('names the seven bases with the refs other code uses, for Go 1.22 and 1.23', () => {
    for (const go of ['1.22', '1.23']) {
      const refs = Object.fromEntries(baseCatalog(go).map((b) => [b.id, b.ref]));
      expect(refs).toEqual({
        'debian-full': 'local/debian:bookworm',
        'debian-slim': 'local/debian:bookworm-slim',
        'golang-full': `local/golang:${go}-bookworm`,
        'golang-slim': `local/golang:${go}-bookworm-slim`,
        busybox: 'local/busybox:bookworm',
        upx: 'local/upx:bookworm',
        distroless: 'local/distroless:bookworm',
      });
    }
  });

  it('lists exactly BASE_IDS, in that order', () => {
    expect(baseCatalog('1.23').map((b) => b.id)).toEqual([...BASE_IDS]);
  });

  it('installs the requested Go version from bookworm-backports', () => {
    const golang = baseCatalog('1.22').filter((b) => b.id.startsWith('golang'));
    for (const b of golang) {
      expect(b.kind === 'dockerfile' && b.dockerfile).toContain('-t bookworm-backports golang-1.22-go');
      expect(b.kind === 'dockerfile' && b.dockerfile).toContain('PATH=/go/bin:/usr/lib/go-1.22/bin:$PATH');
    }
  });

  it('declares every local FROM as a dependency, and lists dependencies before dependants', () => {
    const catalog = baseCatalog('1.23');
    for (const [i, b] of catalog.entries()) {
      const froms = b.kind === 'dockerfile' ? [...b.dockerfile.matchAll(/^FROM (local\/\S+)/gm)].map((m) => m[1]) : [];
      const depRefs = b.dependsOn.map((d) => catalog.find((c) => c.id === d)?.ref);
      expect(new Set(froms)).toEqual(new Set(depRefs));
      for (const d of b.dependsOn) expect(catalog.findIndex((c) => c.id === d)).toBeLessThan(i);
    }
  });

  it('slims debian-slim with --dpkgopt path-excludes but keeps copyright files', () => {
    const slim = baseCatalog('1.23').find((b) => b.id === 'debian-slim');
    expect(slim?.kind === 'rootfs' && slim.options).toEqual(
      expect.arrayContaining([
        '--dpkgopt=path-exclude=/usr/share/doc/*',
        '--dpkgopt=path-include=/usr/share/doc/*/copyright',
        '--dpkgopt=path-exclude=/usr/share/man/*',
        '--dpkgopt=path-exclude=/usr/share/locale/*',
        '--dpkgopt=path-exclude=/usr/share/info/*',
      ]),
    );
  });

  it('rejects an unsupported Go version, naming it and the accepted ones', () => {
    expect(() => baseCatalog('1.99')).toThrow(InputError);
    expect(() => baseCatalog('1.99')).toThrow(/"1\.99".*1\.22, 1\.23/);
  });
});

describe('resolveOrder', () => {
  const catalog = baseCatalog('1.23');

  it('adds dependencies and builds them first', () => {
    const ids = resolveOrder(catalog, ['busybox', 'golang-slim']).map((b) => b.id);
    expect(ids).toEqual(['debian-slim', 'busybox', 'golang-slim']);
  });

  it('builds each base once', () => {
    const ids = resolveOrder(catalog, ['golang-full', 'debian-full', 'upx', 'busybox']).map((b) => b.id);
    expect(ids).toEqual(['debian-full', 'golang-full', 'debian-slim', 'upx', 'busybox']);
  });

  it('rejects unknown ids, naming each and the accepted ones', () => {
    expect(() => resolveOrder(catalog, ['alpine', 'busybox', 'ubuntu'])).toThrow(
      /"alpine" is not an offline base: use one of debian-full, .*distroless\n.*"ubuntu"/,
    );
  });
});

import CDX from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { hasSbom, renderSbom, SBOM_SPEC, type SbomRun } from '../../../src/sbom/render-sbom.js';
import { sbomFileName } from '../../../src/sbom/sbom-file-name.js';
import type { GoBinary, PackageFacts, VariantRecord } from '../../../src/types.js';

const run: SbomRun = { runId: '20261202T100000Z-ab12', startedAt: '2026-12-02T10:00:00.000Z', toolVersion: '0.1.0' };

const api: GoBinary = {
  path: '/api',
  goVersion: 'go1.23.5',
  command: 'imagediet/api',
  main: { path: 'imagediet/api', version: '(devel)' },
  modules: [],
  settings: { '-ldflags': '-s -w', CGO_ENABLED: '0', GOARCH: 'amd64', GOOS: 'linux' },
};

function record(variant: string, packages: PackageFacts | null, extra: Partial<VariantRecord> = {}): VariantRecord {
  return {
    variant,
    title: variant,
    teaching: '',
    params: '',
    status: 'ok',
    image: `imagediet/${variant}:local`,
    bases: [],
    finalBase: { ref: 'scratch', standsFor: null },
    dockerfile: '',
    goVersion: 'go1.23.5',
    runsAsRoot: false,
    published: [],
    order: 0,
    pairWith: null,
    layers: null,
    anatomy: null,
    error: null,
    identity: null,
    packages,
    ...extra,
  };
}

const scratch = record('scratch', {
  distro: null,
  os: [],
  go: [api],
  notRead: [],
  vulnerabilities: { skipped: 'neither trivy nor grype is on PATH' },
});

/** A Debian image with multi-arch libc, an upstream source, and the Go toolchain with its dependency modules. */
const ubuntu = record(
  'ubuntu',
  {
    distro: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    os: [
      { manager: 'dpkg', name: 'base-files', version: '12.4+deb12u10', arch: 'amd64', source: null, license: null },
      { manager: 'dpkg', name: 'gcc-12', version: '12.2.0-14', arch: 'amd64', source: null, license: null },
      { manager: 'dpkg', name: 'libc6', version: '2.36-9+deb12u10', arch: 'amd64', source: 'glibc', license: null },
      { manager: 'dpkg', name: 'libc6', version: '2.36-9+deb12u10', arch: 'i386', source: 'glibc', license: null },
      { manager: 'dpkg', name: 'cpp', version: '4:12.2.0-3', arch: 'amd64', source: 'gcc-defaults', license: null },
    ],
    go: [
      { ...api, path: '/src/api', goVersion: 'go1.19.8' },
      {
        path: '/usr/lib/go-1.19/bin/go',
        goVersion: 'go1.19.8',
        command: 'cmd/go',
        main: { path: 'cmd', version: '(devel)' },
        modules: [{ path: 'golang.org/x/mod', version: 'v0.6.0-dev.0.20220818022119-ed83ed61efb9' }],
        settings: { CGO_ENABLED: '1' },
      },
      {
        path: '/usr/lib/go-1.19/pkg/tool/linux_amd64/vet',
        goVersion: 'go1.19.8',
        command: 'cmd/vet',
        main: { path: 'cmd', version: '(devel)' },
        modules: [{ path: 'golang.org/x/mod', version: 'v0.6.0-dev.0.20220818022119-ed83ed61efb9' }],
        settings: {},
      },
    ],
    notRead: [],
    vulnerabilities: { scanner: 'trivy 0.58.1', bySeverity: { critical: 1, high: 3 }, total: 4 },
  },
  { finalBase: { ref: 'local/debian:bookworm', standsFor: 'ubuntu:18.04' }, params: 'goVersion=1.22' },
);

const alpine = record('golang-alpine', {
  distro: { id: 'alpine', versionId: '3.21.3', prettyName: null },
  os: [
    { manager: 'apk', name: 'musl', version: '1.2.5-r9', arch: 'x86_64', source: null, license: 'MIT' },
    {
      manager: 'apk',
      name: 'ssl_client',
      version: '1.37.0-r12',
      arch: 'x86_64',
      source: 'busybox',
      license: 'GPL-2.0-only',
    },
    {
      manager: 'apk',
      name: 'ca-certificates-bundle',
      version: '20241121-r1',
      arch: 'x86_64',
      source: 'ca-certificates',
      license: 'MPL-2.0 AND MIT',
    },
    { manager: 'apk', name: 'odd', version: '1-r0', arch: 'x86_64', source: null, license: 'Public-Domain-ish' },
  ],
  go: [api],
  notRead: [],
  vulnerabilities: { failed: 'trivy: FATAL init error: DB error: failed to download vulnerability DB' },
});

const validator = new CDX.Validation.JsonStrictValidator(SBOM_SPEC);
const parsed = (r: VariantRecord) => JSON.parse(renderSbom(r, run));

describe('renderSbom', () => {
  it.each([scratch, ubuntu, alpine])('writes CycloneDX 1.6 that its JSON schema accepts: $variant', async (r) => {
    expect(await validator.validate(renderSbom(r, run))).toBeNull();
  });

  it('lists scratch’s one Go binary with its Go version, main module and the standard library', () => {
    const bom = parsed(scratch);
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: 'imagediet/scratch', version: 'local' });
    expect(bom.components.map((c: { name: string; purl?: string }) => [c.name, c.purl])).toEqual([
      ['/api', undefined],
      ['imagediet/api', 'pkg:golang/imagediet/api'],
      ['stdlib', 'pkg:golang/stdlib@v1.23.5'],
    ]);
    expect(bom.components[0].properties).toContainEqual({ name: 'imagediet:go:version', value: 'go1.23.5' });
    expect(bom.dependencies).toContainEqual({
      ref: 'go-binary:/api',
      dependsOn: ['pkg:golang/imagediet/api', 'pkg:golang/stdlib@v1.23.5'],
    });
    expect(bom.metadata.properties).toContainEqual({
      name: 'imagediet:vulnerabilities:skipped',
      value: 'neither trivy nor grype is on PATH',
    });
  });

  it('gives deb packages their distro, arch and upstream, and one component per module however many binaries hold it', () => {
    const bom = parsed(ubuntu);
    const purls = bom.components.map((c: { purl?: string }) => c.purl).filter(Boolean);
    expect(purls).toEqual(
      expect.arrayContaining([
        'pkg:deb/debian/libc6@2.36-9+deb12u10?arch=amd64&distro=debian-12&upstream=glibc',
        'pkg:deb/debian/libc6@2.36-9+deb12u10?arch=i386&distro=debian-12&upstream=glibc',
        'pkg:deb/debian/cpp@4:12.2.0-3?arch=amd64&distro=debian-12&upstream=gcc-defaults',
        'pkg:golang/golang.org/x/mod@v0.6.0-dev.0.20220818022119-ed83ed61efb9',
        'pkg:golang/stdlib@v1.19.8',
      ]),
    );
    expect(purls.filter((p: string) => p.startsWith('pkg:golang/golang.org/x/mod'))).toHaveLength(1);
    expect(bom.components.find((c: { type: string }) => c.type === 'operating-system')).toMatchObject({
      name: 'debian',
      version: '12',
    });
    // The image depends on its OS, its 5 packages and its 3 binaries.
    expect(bom.dependencies.find((d: { ref: string }) => d.ref === 'image').dependsOn).toHaveLength(9);
    expect(bom.metadata.properties).toEqual(
      expect.arrayContaining([
        { name: 'imagediet:vulnerabilities:scanner', value: 'trivy 0.58.1' },
        { name: 'imagediet:vulnerabilities:critical', value: '1' },
        { name: 'imagediet:vulnerabilities:total', value: '4' },
      ]),
    );
  });

  it('writes apk licenses as SPDX ids, expressions or names', () => {
    const licenses = Object.fromEntries(
      parsed(alpine)
        .components.filter((c: { licenses?: unknown }) => c.licenses)
        .map((c: { name: string; licenses: unknown }) => [c.name, c.licenses]),
    );
    expect(licenses).toEqual({
      musl: [{ license: { id: 'MIT' } }],
      ssl_client: [{ license: { id: 'GPL-2.0-only' } }],
      'ca-certificates-bundle': [{ expression: 'MPL-2.0 AND MIT' }],
      odd: [{ license: { name: 'Public-Domain-ish' } }],
    });
  });

  it('gives the same bytes for the same record and run, and another serial number for another run', () => {
    expect(renderSbom(ubuntu, run)).toBe(renderSbom(ubuntu, run));
    const other = JSON.parse(renderSbom(ubuntu, { ...run, runId: 'other' }));
    expect(other.serialNumber).not.toBe(parsed(ubuntu).serialNumber);
    expect(parsed(ubuntu).serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(parsed(ubuntu).metadata.timestamp).toBe(run.startedAt);
  });

  it('refuses a record whose layers were not read, naming the way to read them', () => {
    expect(hasSbom(record('x', null))).toBe(false);
    expect(() => renderSbom(record('x', null), run)).toThrow(
      'sbom: x has no package facts (its layers were not read: --metrics anatomy)',
    );
  });
});

describe('sbomFileName', () => {
  it('names one file per variant and sweep point, params spelled as in the image tag', () => {
    expect(sbomFileName(scratch)).toBe('sbom/scratch.cdx.json');
    expect(sbomFileName(ubuntu)).toBe('sbom/ubuntu-goVersion-1.22.cdx.json');
    expect(sbomFileName({ variant: 'x', params: 'goVersion=1.22;ldflags=-s -w' })).toBe(
      'sbom/x-goVersion-1.22-ldflags--s--w.cdx.json',
    );
  });
});

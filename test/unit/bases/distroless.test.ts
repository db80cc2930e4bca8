import { describe, expect, it } from 'vitest';
import { baseCatalog } from '../../../src/bases/index.js';

const distroless = baseCatalog('1.23').find((b) => b.id === 'distroless');
const dockerfile = distroless?.kind === 'dockerfile' ? distroless.dockerfile : '';
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));

describe('the distroless base', () => {
  it('stands in for distroless static and is built from the slim base', () => {
    expect(distroless).toMatchObject({
      ref: 'local/distroless:bookworm',
      standsFor: 'gcr.io/distroless/static-debian12',
      dependsOn: ['debian-slim'],
    });
  });

  it('unpacks the packages in a builder stage and copies only files onto scratch', () => {
    expect(dockerfile).toMatch(/^FROM local\/debian:bookworm-slim AS build$/m);
    expect(dockerfile).toContain('apt-get download tzdata netbase base-files');
    expect(dockerfile).toContain('dpkg-deb -x');
    expect(finalStage.split('\n').filter((l) => /^[A-Z]+ /.test(l))).toEqual([
      'FROM scratch',
      'COPY --from=build /out/ /',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
    ]);
  });

  it('puts certificates, zoneinfo, nsswitch.conf and a nonroot (65532) user into /out', () => {
    for (const path of [
      '/out/etc/ssl/certs/ca-certificates.crt',
      '/out/usr/share/zoneinfo',
      '/out/etc/nsswitch.conf',
      '/out/etc/passwd',
      '/out/etc/group',
      '/out/etc/imagediet-base-version',
    ]) {
      expect(dockerfile).toContain(path);
    }
    expect(dockerfile).toContain('nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\\n');
    expect(dockerfile).toContain('nonroot:x:65532:\\n');
    expect(dockerfile).toContain('chown 65532:65532 /out/home/nonroot');
  });

  it('copies no shell, package manager or dpkg database', () => {
    expect(dockerfile).not.toMatch(/\/out\/(usr\/)?bin|\/out\/var\/lib\/dpkg|busybox/);
  });
});

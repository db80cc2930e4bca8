/**
 * Package URLs (purl-spec) for what an image holds, written with packageurl-js so that the encoding is the spec's:
 * `pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12`, `pkg:apk/alpine/musl@1.2.5-r9?arch=x86_64`,
 * `pkg:golang/golang.org/x/text@v0.21.0`, and `pkg:golang/stdlib@v1.23.5` for the Go standard library, as trivy and
 * syft name it, so scanners that read this SBOM match it.
 */
import { PackageURL } from 'packageurl-js';
import type { Distro, GoModule, OsPackage } from '../types.js';

/** The purl of an OS package; the namespace is the distribution (`debian`, `ubuntu`, `alpine`). */
export function osPackagePurl(p: OsPackage, distro: Distro | null): string {
  const type = p.manager === 'dpkg' ? 'deb' : 'apk';
  const namespace = distro?.id ?? (p.manager === 'dpkg' ? 'debian' : 'alpine');
  const qualifiers: Record<string, string> = {};
  if (p.arch) qualifiers.arch = p.arch;
  if (distro?.versionId) qualifiers.distro = `${distro.id}-${distro.versionId}`;
  if (p.source) qualifiers.upstream = p.source;
  return new PackageURL(type, namespace, p.name, p.version, qualifiers, undefined).toString();
}

/** The purl of a Go module; a version that is no release (`(devel)`) is left out, as the spec asks. */
export function goModulePurl(m: Pick<GoModule, 'path' | 'version'>): string {
  const slash = m.path.lastIndexOf('/');
  const namespace = slash > 0 ? m.path.slice(0, slash) : undefined;
  const name = slash > 0 ? m.path.slice(slash + 1) : m.path;
  const version = m.version.startsWith('v') ? m.version : undefined;
  return new PackageURL('golang', namespace, name, version, undefined, undefined).toString();
}

/** The Go standard library as a module: `go1.23.5` (or `go1.23.5 X:boringcrypto`) → `stdlib@v1.23.5`. */
export function goStdlib(goVersion: string): GoModule {
  const release = /^go(\d\S*)/.exec(goVersion);
  return { path: 'stdlib', version: release ? `v${release[1]}` : goVersion };
}

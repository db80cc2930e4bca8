/** The offline base images of the `local` profile: what each stands in for and how it is built from Debian packages. */
import { InputError } from '../errors.js';
import { distrolessDockerfile } from './distroless.js';
import { dockerfiles } from './dockerfiles.js';

/** Ids of the offline bases, in dependency order. Other code validates profile bases against this list. */
export const BASE_IDS = [
  'debian-full',
  'debian-slim',
  'golang-full',
  'golang-slim',
  'busybox',
  'upx',
  'distroless',
] as const;
export type BaseId = (typeof BASE_IDS)[number];

/** Go versions that bookworm-backports packages as `golang-<v>-go`. */
export const GO_VERSIONS = ['1.22', '1.23'] as const;

/** File a Dockerfile base writes its version into; read back after the build and stamped as a label. */
export const VERSION_FILE = '/etc/imagediet-base-version';

interface BaseCommon {
  id: BaseId;
  /** Local image reference; a contract other code uses in `FROM`. */
  ref: string;
  /** The public image this base stands in for. */
  standsFor: string;
  /** Bases that must exist before this one is built. */
  dependsOn: BaseId[];
}

/** A root filesystem made by mmdebstrap and imported as an image. */
export interface RootfsBase extends BaseCommon {
  kind: 'rootfs';
  suite: string;
  /** mmdebstrap options (before the suite). */
  options: string[];
  /** apt sources, one-line `deb` style. */
  sources: string[];
  /** Files put into the rootfs at the end (mmdebstrap `upload` customize hook). */
  files: { path: string; content: string }[];
}

/** An image built from a Dockerfile on top of other bases; writes VERSION_FILE. */
export interface DockerfileBase extends BaseCommon {
  kind: 'dockerfile';
  dockerfile: string;
}

/** One offline base. */
export type BaseSpec = RootfsBase | DockerfileBase;

const MIRROR = 'http://deb.debian.org/debian';
const SOURCES = [
  `deb ${MIRROR} bookworm main`,
  `deb ${MIRROR} bookworm-updates main`,
  'deb http://deb.debian.org/debian-security bookworm-security main',
  // Backports: the Go toolchains and a current upx come from here (`apt-get install -t bookworm-backports ...`).
  `deb ${MIRROR} bookworm-backports main`,
];

const ROOTFS_OPTIONS = [
  '--variant=minbase',
  '--include=ca-certificates',
  '--format=tar',
  // Without this hook apt picks `usrmerge` for init-system-helpers' dependency, which drags in full perl (~45 MB);
  // the official Debian images are merged-/usr via symlinks and carry only perl-base.
  '--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr',
  // With docker-clean's `Dir::Cache::pkgcache ""` in place, mmdebstrap's own clean-up misses apt's two 38 MB caches.
  '--customize-hook=rm -f "$1"/var/cache/apt/*.bin',
];

// The slim variant's path-excludes mirror debian:*-slim; mmdebstrap keeps them in /etc/dpkg/dpkg.cfg.d, so packages
// installed later by Dockerfiles on top are trimmed the same way.
const SLIM_EXCLUDES = [
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/groff/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/lintian/*',
  'path-exclude=/usr/share/locale/*',
  'path-include=/usr/share/locale/locale.alias',
];

// The apt settings of the official Debian images (debuerreotype): tutorials' Dockerfiles rely on apt not keeping
// downloaded .deb files, so the stand-ins must behave the same or every apt layer would be inflated.
const APT_CONF = [
  {
    path: '/etc/apt/apt.conf.d/docker-clean',
    content: [
      'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
      'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
      'Dir::Cache::pkgcache "";',
      'Dir::Cache::srcpkgcache "";',
      '',
    ].join('\n'),
  },
  { path: '/etc/apt/apt.conf.d/docker-no-languages', content: 'Acquire::Languages "none";\n' },
  { path: '/etc/apt/apt.conf.d/docker-gzip-indexes', content: 'Acquire::GzipIndexes "true";\n' },
  { path: '/etc/apt/apt.conf.d/docker-autoremove-suggests', content: 'Apt::AutoRemove::SuggestsImportant "false";\n' },
];

/** The bases for one Go version, in dependency order; throws InputError for an unsupported Go version. */
export function baseCatalog(goVersion: string): BaseSpec[] {
  if (!(GO_VERSIONS as readonly string[]).includes(goVersion)) {
    throw new InputError([
      `goVersion "${goVersion}" has no offline base; accepted: ${GO_VERSIONS.join(', ')} (the Go versions in bookworm-backports)`,
    ]);
  }
  const rootfs = { kind: 'rootfs' as const, suite: 'bookworm', sources: SOURCES, files: APT_CONF, dependsOn: [] };
  const df = dockerfiles(goVersion, VERSION_FILE);
  return [
    {
      ...rootfs,
      id: 'debian-full',
      ref: 'local/debian:bookworm',
      standsFor: 'ubuntu / a full distro',
      options: ROOTFS_OPTIONS,
    },
    {
      ...rootfs,
      id: 'debian-slim',
      ref: 'local/debian:bookworm-slim',
      standsFor: 'alpine',
      options: [...ROOTFS_OPTIONS, ...SLIM_EXCLUDES.map((o) => `--dpkgopt=${o}`)],
    },
    {
      kind: 'dockerfile',
      id: 'golang-full',
      ref: `local/golang:${goVersion}-bookworm`,
      standsFor: `golang:${goVersion}-bookworm`,
      dependsOn: ['debian-full'],
      dockerfile: df.golangFull,
    },
    {
      kind: 'dockerfile',
      id: 'golang-slim',
      ref: `local/golang:${goVersion}-bookworm-slim`,
      standsFor: `golang:${goVersion}-alpine`,
      dependsOn: ['debian-slim'],
      dockerfile: df.golangSlim,
    },
    {
      kind: 'dockerfile',
      id: 'busybox',
      ref: 'local/busybox:bookworm',
      standsFor: 'alpine (as a runtime)',
      dependsOn: ['debian-slim'],
      dockerfile: df.busybox,
    },
    {
      kind: 'dockerfile',
      id: 'upx',
      ref: 'local/upx:bookworm',
      standsFor: 'an image with upx',
      dependsOn: ['debian-slim'],
      dockerfile: df.upx,
    },
    {
      kind: 'dockerfile',
      id: 'distroless',
      ref: 'local/distroless:bookworm',
      standsFor: 'gcr.io/distroless/static-debian12',
      dependsOn: ['debian-slim'],
      dockerfile: distrolessDockerfile(VERSION_FILE),
    },
  ];
}

/** `local`: bases built offline from Debian packages (src/bases). Every substitute says what it stands in for. */
import type { ProfileDefinition } from './profile.js';

const APT_BACKPORTS = 'apt-get install -y -t bookworm-backports';

export const localProfile: ProfileDefinition = {
  id: 'local',
  description: 'offline bases built from Debian bookworm packages (no registry needed)',
  defaultGoVersion: '1.23',
  goVersions: ['1.22', '1.23'],
  make: (go) => ({
    id: 'local',
    description: localProfile.description,
    goVersion: go,
    images: {
      fullDistro: { ref: 'local/debian:bookworm', standsFor: 'ubuntu:24.04', localBase: 'debian-full' },
      goOfficial: { ref: `local/golang:${go}-bookworm`, standsFor: `golang:${go}-bookworm`, localBase: 'golang-full' },
      smallDistro: { ref: 'local/debian:bookworm-slim', standsFor: 'alpine:3.21', localBase: 'debian-slim' },
      goSmall: {
        ref: `local/golang:${go}-bookworm-slim`,
        standsFor: `golang:${go}-alpine3.21`,
        localBase: 'golang-slim',
      },
      smallRuntime: { ref: 'local/busybox:bookworm', standsFor: 'alpine:3.21', localBase: 'busybox' },
      upx: { ref: 'local/upx:bookworm', standsFor: 'alpine:3.21 with apk add upx', localBase: 'upx' },
      fullDebian: { ref: 'local/debian:bookworm', standsFor: 'debian:bookworm', localBase: 'debian-full' },
      busybox: { ref: 'local/busybox:bookworm', standsFor: 'busybox:1.37', localBase: 'busybox' },
      distrolessStatic: {
        ref: 'local/distroless:bookworm',
        standsFor: 'gcr.io/distroless/static-debian12',
        localBase: 'distroless',
      },
      glibcRuntime: { ref: 'local/debian:bookworm-slim', standsFor: 'debian:bookworm-slim', localBase: 'debian-slim' },
    },
    values: {
      // Like the tutorial's ubuntu step: the distro's Go plus a C toolchain, no clean-up.
      distroGoInstall: `apt-get update && ${APT_BACKPORTS} git gcc make golang-${go}-go`,
      distroGoBin: `/usr/lib/go-${go}/bin`,
      // Like `apk add --no-cache ca-certificates git gcc musl-dev openssl go`: no recommends, lists removed.
      smallDistroGoInstall: `apt-get update && ${APT_BACKPORTS} --no-install-recommends ca-certificates git gcc libc6-dev openssl golang-${go}-go && rm -rf /var/lib/apt/lists/*`,
      smallDistroGoBin: `/usr/lib/go-${go}/bin`,
      upxInstall: '',
      trimpath: '-trimpath',
      nonRootUser: '65534:65534',
      goModDownload: 'go mod download',
    },
    unavailable: {},
  }),
};

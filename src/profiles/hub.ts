/** `hub`: today's official images from Docker Hub, pinned by tag. Needs an engine that can pull. */
import type { ProfileDefinition } from './profile.js';

export const hubProfile: ProfileDefinition = {
  id: 'hub',
  description: "today's official Docker Hub images, pinned by tag",
  defaultGoVersion: '1.26',
  goVersions: null,
  make: (go) => ({
    id: 'hub',
    description: hubProfile.description,
    goVersion: go,
    images: {
      fullDistro: { ref: 'ubuntu:24.04', standsFor: null },
      goOfficial: { ref: `golang:${go}-bookworm`, standsFor: null },
      smallDistro: { ref: 'alpine:3.21', standsFor: null },
      goSmall: { ref: `golang:${go}-alpine3.23`, standsFor: null },
      smallRuntime: { ref: 'alpine:3.21', standsFor: null },
      upx: { ref: 'alpine:3.21', standsFor: null },
      fullDebian: { ref: 'debian:bookworm', standsFor: null },
      busybox: { ref: 'busybox:1.37', standsFor: null },
      distrolessStatic: { ref: 'gcr.io/distroless/static-debian12', standsFor: null },
      // The same Debian release as golang:*-bookworm, so a glibc-linked binary finds the glibc it was built against.
      glibcRuntime: { ref: 'debian:bookworm-slim', standsFor: null },
    },
    values: {
      // Ubuntu 24.04's own Go package (1.22); the variant measures the distro route, not a Go version.
      distroGoInstall: 'apt-get update && apt-get install -y git gcc make golang-1.22-go',
      distroGoBin: '/usr/lib/go-1.22/bin',
      smallDistroGoInstall: 'apk add --no-cache ca-certificates git gcc musl-dev openssl go',
      smallDistroGoBin: '/usr/lib/go/bin',
      upxInstall: 'apk add --no-cache upx',
      trimpath: '-trimpath',
      nonRootUser: '65534:65534',
      goModDownload: 'go mod download',
    },
    unavailable: {},
  }),
};

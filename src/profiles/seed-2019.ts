/** `seed-2019`: the DigitalOcean tutorial's exact tags (Go 1.10, GOPATH mode). Needs an engine that can pull. */
import type { ProfileDefinition } from './profile.js';

export const seed2019Profile: ProfileDefinition = {
  id: 'seed-2019',
  description: "the 2019 tutorial's exact tags (ubuntu:18.04, golang:1.10, alpine:3.8)",
  defaultGoVersion: '1.10',
  goVersions: ['1.10'],
  make: (go) => ({
    id: 'seed-2019',
    description: seed2019Profile.description,
    goVersion: go,
    images: {
      fullDistro: { ref: 'ubuntu:18.04', standsFor: null },
      goOfficial: { ref: `golang:${go}`, standsFor: null },
      smallDistro: { ref: 'alpine:3.8', standsFor: null },
      goSmall: { ref: `golang:${go}-alpine3.8`, standsFor: null },
      smallRuntime: { ref: 'alpine:3.8', standsFor: null },
      upx: { ref: 'alpine:3.8', standsFor: null },
      // golang:1.10 is built on Debian stretch: the Debian runtimes of that time match its glibc.
      fullDebian: { ref: 'debian:stretch', standsFor: null },
      busybox: { ref: 'busybox:1.30', standsFor: null },
      distrolessStatic: { ref: 'gcr.io/distroless/static', standsFor: null },
      glibcRuntime: { ref: 'debian:stretch-slim', standsFor: null },
    },
    values: {
      distroGoInstall: `apt-get update -y && apt-get install -y git gcc make golang-${go}`,
      distroGoBin: `/usr/lib/go-${go}/bin`,
      smallDistroGoInstall: 'apk add --no-cache ca-certificates git gcc musl-dev openssl go',
      smallDistroGoBin: '/usr/lib/go/bin',
      upxInstall: 'apk add --no-cache upx',
      // -trimpath arrived in Go 1.13.
      trimpath: '',
      nonRootUser: '65534:65534',
    },
    unavailable: {
      'images.distrolessStatic':
        "seed-2019 pins the 2019 tutorials' tags, and distroless publishes only moving tags (latest, nonroot): no 2019 distroless image can be named",
      goModDownload:
        'Go 1.10 predates modules (go.mod and go mod download arrived in Go 1.11), so GOPATH mode has no dependency step to order',
    },
  }),
};

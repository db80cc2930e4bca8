/** Dockerfiles of the bases built on top of the mmdebstrap rootfs images. */

/** The Dockerfile texts for one Go version; each writes its version into `versionFile`. */
export function dockerfiles(goVersion: string, versionFile: string) {
  const goEnv = `ENV GOPATH=/go PATH=/go/bin:/usr/lib/go-${goVersion}/bin:$PATH`;
  // As in the official golang image: a world-writable GOPATH so non-root builds work too.
  const goTail = `mkdir -p /go/src /go/bin && chmod -R 1777 /go \\
 && go env GOVERSION > ${versionFile} && test -s ${versionFile}`;

  const golangFull = `FROM local/debian:bookworm
ARG DEBIAN_FRONTEND=noninteractive
${goEnv}
# Recommends stay on, like buildpack-deps: this is the big "full" toolchain image.
RUN apt-get update \\
 && apt-get install -y git gcc libc6-dev make pkg-config ca-certificates \\
 && apt-get install -y -t bookworm-backports golang-${goVersion}-go \\
 && rm -rf /var/lib/apt/lists/* \\
 && ${goTail}
WORKDIR /go
`;

  // No gcc: like golang:alpine, so cgo is off by default (Go disables it when no C compiler is on PATH).
  const golangSlim = `FROM local/debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
${goEnv}
RUN apt-get update \\
 && apt-get install -y --no-install-recommends -t bookworm-backports golang-${goVersion}-go \\
 && rm -rf /var/lib/apt/lists/* \\
 && ${goTail}
WORKDIR /go
`;

  const busybox = `FROM local/debian:bookworm-slim AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
 && apt-get install -y --no-install-recommends busybox-static \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /out/bin /out/etc /out/tmp /out/root \\
 && cp /bin/busybox /out/bin/busybox \\
 && printf 'root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\\n' > /out/etc/passwd \\
 && printf 'root:x:0:\\nnobody:x:65534:\\n' > /out/etc/group \\
 && chmod 1777 /out/tmp && chmod 700 /out/root \\
 && /bin/busybox | head -n 1 | sed -n 's/^BusyBox v\\([^ ]*\\).*/\\1/p' > /out${versionFile} \\
 && test -s /out${versionFile}

FROM scratch
COPY --from=build /out/ /
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
`;

  // Debian's upx-ucl ships /usr/bin/upx-ucl; the link makes \`upx\` work whether or not the package adds one.
  const upx = `FROM local/debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
 && apt-get install -y --no-install-recommends -t bookworm-backports upx-ucl \\
 && rm -rf /var/lib/apt/lists/* \\
 && { command -v upx >/dev/null || ln -s upx-ucl /usr/bin/upx; } \\
 && upx --version | head -n 1 | awk '{print $2}' > ${versionFile} \\
 && test -s ${versionFile}
`;

  return { golangFull, golangSlim, busybox, upx };
}

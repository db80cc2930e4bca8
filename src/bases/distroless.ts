/** The Dockerfile of `local/distroless:bookworm`: a stand-in for gcr.io/distroless/static-debian12, from Debian packages. */

const PASSWD = [
  'root:x:0:0:root:/root:/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
  'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin',
];
const GROUP = ['root:x:0:', 'tty:x:5:', 'staff:x:50:', 'nobody:x:65534:', 'nonroot:x:65532:'];
// As distroless ships it: files only, so Go's resolver and user lookups never look for a libc service module.
const NSSWITCH = [
  'passwd: files',
  'group: files',
  'shadow: files',
  'hosts: files dns',
  'protocols: files',
  'services: files',
];

/** The single-quoted printf format that writes `lines`: printf, not the shell, turns each backslash-n into a newline. */
function printfLines(lines: string[]): string {
  return `'${lines.join('\\n')}\\n'`;
}

/**
 * What gcr.io/distroless/static holds, taken from Debian's packages: CA certificates, zoneinfo (tzdata), os-release
 * (base-files), /etc/services and /etc/protocols (netbase), passwd and group with `nonroot` (65532), nsswitch.conf,
 * /tmp and the home folders. The packages are unpacked with `dpkg-deb -x` in a builder stage and only their files
 * are copied onto scratch: no shell, no package manager, no dpkg database.
 */
export function distrolessDockerfile(versionFile: string): string {
  return `FROM local/debian:bookworm-slim AS build
ARG DEBIAN_FRONTEND=noninteractive
WORKDIR /tmp/debs
# ca-certificates is already installed in the slim base: its postinst built the bundle that distroless ships.
RUN apt-get update \\
 && apt-get download tzdata netbase base-files \\
 && rm -rf /var/lib/apt/lists/* \\
 && for deb in ./*.deb; do dpkg-deb -x "$deb" /tmp/x; done \\
 && mkdir -p /out/etc/ssl/certs /out/usr/share /out/tmp /out/root /out/home/nonroot \\
 && cp -a /tmp/x/usr/share/zoneinfo /out/usr/share/zoneinfo \\
 && cp /tmp/x/etc/services /tmp/x/etc/protocols /out/etc/ \\
 && cp /tmp/x/usr/lib/os-release /out/etc/os-release \\
 && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/ca-certificates.crt \\
 && printf ${printfLines(PASSWD)} > /out/etc/passwd \\
 && printf ${printfLines(GROUP)} > /out/etc/group \\
 && printf ${printfLines(NSSWITCH)} > /out/etc/nsswitch.conf \\
 && chmod 1777 /out/tmp && chmod 700 /out/root /out/home/nonroot && chown 65532:65532 /out/home/nonroot \\
 && echo "debian-$(cat /etc/debian_version) tzdata-$(dpkg-deb -f tzdata_*.deb Version) ca-certificates-$(dpkg-query -W -f '\${Version}' ca-certificates)" > /out${versionFile} \\
 && test -s /out${versionFile} && test -s /out/usr/share/zoneinfo/UTC

FROM scratch
COPY --from=build /out/ /
# distroless/static's own configuration; no CMD, no ENTRYPOINT, root by default (its :nonroot tag sets 65532).
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
`;
}

#!/bin/sh
# A lazy-pulling node from Debian's packages: containerd with soci-snapshotter-grpc as a proxy snapshotter, from a
# trixie chroot, in a network and mount namespace of its own, with a plain `docker-registry` inside that namespace.
# Issue 21, part 3; the README's "Lazy pulling" section says what it found. The same namespace recipe as engine.sh.
#
#   sh scripts/soci-node.sh up NAME [REGISTRY_DIR]   start containerd + soci-snapshotter-grpc, and a registry on
#                                                    https://10.88.0.1:5000 in the namespace serving REGISTRY_DIR
#                                                    (default: an empty one of its own); prints the node's state folder
#   sh scripts/soci-node.sh run NAME -- CMD…         CMD from the chroot, in the node's mount and network namespace
#                                                    (ctr, soci, curl see the node's containerd and registry)
#   sh scripts/soci-node.sh net NAME -- CMD…         CMD from the host's filesystem in the node's network namespace
#   sh scripts/soci-node.sh down NAME                stop it; its containers, mounts, data and namespace go
#
# NAME: 1 to 64 of a-z, 0-9 and -, starting with a letter or digit. Needs root, /dev/fuse, Debian's mirror (the first
# `up` builds $home/roots/trixie-soci with mmdebstrap) and docker-registry on the host. State: $home/engines/NAME.
set -eu
mirror=${IMAGEDIET_DEBIAN_MIRROR:-http://deb.debian.org/debian}
home=${IMAGEDIET_ENGINE_HOME:-/var/tmp/imagediet}
# trixie: containerd 1.7.24 and soci-snapshotter 0.4.1, the pair soci 0.4 was written against (forky has containerd
# 2.1 with the same soci 0.4.1).
suite=${IMAGEDIET_SOCI_SUITE:-trixie}
die() { echo "imagediet soci-node: $*" >&2; exit 2; }
usage() { sed -n 6,15p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
# `down` deletes $home/engines/NAME: the same rule as engine.sh, a plain absolute path other than /.
case "$home" in
  /*[!/]*) ;;
  *) die "IMAGEDIET_ENGINE_HOME \"$home\" is not an absolute folder; give one, or unset it for /var/tmp/imagediet" ;;
esac
case "$home" in
  *[!A-Za-z0-9/._-]* | *..*) die "IMAGEDIET_ENGINE_HOME \"$home\" holds .. or a character other than A-Z, a-z, 0-9, /, ., _ and -" ;;
esac

check_name() {
  case "$1" in [a-z0-9]*) ;; *) die "node name \"$1\" must start with a-z or 0-9 (e.g. soci-node)" ;; esac
  case "$1" in *[!a-z0-9-]*) die "node name \"$1\" holds a character other than a-z, 0-9 and -" ;; esac
  [ ${#1} -le 64 ] || die "node name \"$1\" is longer than 64 characters"
}

# The registry speaks TLS on an address that is not loopback, inside the node's namespace only. soci 0.4.1 fetches
# the SOCI index and zTOCs with an oras client that always uses https (fs/artifact_fetcher.go, newRemoteStore; fixed
# upstream in 2f82461d and c8a45305), while its layer reads use plain http for any loopback address
# (docker.MatchLocalhost): only a TLS registry on another address serves both. The CA is made once per home.
reg_ip=10.88.0.1
ensure_ca() {
  d=$home/soci-ca
  if [ ! -e "$d/server.crt" ]; then
    command -v openssl >/dev/null || die "openssl not found; apt-get install openssl"
    rm -rf "$d"; mkdir -p "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=imagediet-soci-ca -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=$reg_ip -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:%s\n' "$reg_ip" >"$d/san.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
      -extfile "$d/san.ext" -out "$d/server.crt" 2>/dev/null
  fi
  echo "$d"
}

ensure_root() {
  r=$home/roots/$suite-soci
  if [ ! -e "$r/.imagediet-complete" ]; then
    rm -rf "$r"; mkdir -p "$home/roots"
    echo "imagediet soci-node: building the $suite chroot with containerd and soci-snapshotter (once)…" >&2
    mmdebstrap --variant=minbase --mode=root --quiet \
      --include=containerd,runc,soci-snapshotter,iproute2,procps,ca-certificates,curl,fuse3 \
      --aptopt='Acquire::Check-Valid-Until "false"' "$suite" "$r" "deb $mirror $suite main" >&2 ||
      die "mmdebstrap could not build the $suite chroot (see above); check that $mirror is reachable"
    touch "$r/.imagediet-complete"
  fi
  echo "$r"
}

up() {
  name=$1; check_name "$name"
  [ "$(id -u)" = 0 ] || die "needs root (namespaces, chroot, FUSE); run as root"
  [ -c /dev/fuse ] || die "/dev/fuse is missing; soci-snapshotter mounts every lazily pulled layer with FUSE (modprobe fuse)"
  command -v docker-registry >/dev/null || die "docker-registry not found; apt-get install docker-registry"
  R=$(ensure_root); S=$home/engines/$name; NS=imagediet-$name
  down "$name" 2>/dev/null || true
  mkdir -p "$S/containerd" "$S/soci" "$S/registry"
  reg=${2:-$S/registry}
  # `ctr run --net-host` binds the host's /etc/hosts and /etc/resolv.conf into the container; minbase has neither.
  [ -e "$R/etc/hosts" ] || printf '127.0.0.1 localhost\n' >"$R/etc/hosts"
  [ -e "$R/etc/resolv.conf" ] || : >"$R/etc/resolv.conf"
  ca=$(ensure_ca)
  # The chroot's CA bundle plus ours, bound over the bundle in the node's mount namespace only.
  cat "$R/etc/ssl/certs/ca-certificates.crt" "$ca/ca.crt" >"$S/ca-bundle.crt"
  # containerd 1.7's config version 2; soci is a proxy snapshotter on its default socket.
  cat >"$S/containerd.toml" <<'EOF'
version = 2
[proxy_plugins]
  [proxy_plugins.soci]
    type = "snapshot"
    address = "/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock"
EOF
  printf '{"version":"0.1","log":{"level":"warn","accesslog":{"disabled":true}},"storage":{"filesystem":{"rootdirectory":"%s"},"delete":{"enabled":true}},"http":{"addr":"%s:5000","secret":"soci-node","tls":{"certificate":"%s","key":"%s"}}}\n' \
    "$reg" "$reg_ip" "$ca/server.crt" "$ca/server.key" >"$S/registry.json"
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  # On the namespace's lo: an address the namespace alone has, yet not a loopback one by its number.
  ip -n "$NS" addr add "$reg_ip/32" dev lo
  nohup nsenter --net="/run/netns/$NS" docker-registry serve "$S/registry.json" >"$S/registry.log" 2>&1 &
  echo $! >"$S/registry.pid"
  # The root is bind-mounted onto itself (see engine.sh); containerd's and soci's data roots are the node's own.
  nohup nsenter --net="/run/netns/$NS" unshare --mount --propagation private sh -c "
    mount --bind $R $R; mount -t proc proc $R/proc; mount -t sysfs sysfs $R/sys
    mount --rbind /sys/fs/cgroup $R/sys/fs/cgroup; mount --rbind /dev $R/dev; mount -t tmpfs -o mode=755 tmpfs $R/run
    mkdir -p $R/var/lib/containerd $R/var/lib/soci-snapshotter-grpc $R/engine
    mount --bind $S/containerd $R/var/lib/containerd; mount --bind $S/soci $R/var/lib/soci-snapshotter-grpc
    mount --bind $S $R/engine; mount --bind $S/ca-bundle.crt $R/etc/ssl/certs/ca-certificates.crt
    chroot $R env -u TMPDIR soci-snapshotter-grpc --log-level info >$S/soci.log 2>&1 &
    echo \$! >$S/soci.pid
    exec chroot $R env -u TMPDIR containerd --config /engine/containerd.toml" >"$S/containerd.log" 2>&1 &
  echo $! >"$S/launch.pid"
  i=0
  until run "$name" ctr version >/dev/null 2>&1 && run "$name" ctr plugins ls 2>/dev/null | grep -q 'snapshotter.*soci.*ok'; do
    i=$((i + 1))
    if [ $i -ge 60 ] || ! kill -0 "$(cat "$S/launch.pid")" 2>/dev/null; then
      tail -5 "$S/containerd.log" "$S/soci.log" >&2 || true
      die "containerd with the soci snapshotter did not come up within 30 s (logs above)"
    fi
    sleep 0.5
  done
  echo "$S"
}

run() {
  name=$1; shift; [ "${1:-}" = -- ] && shift
  S=$home/engines/$name
  p=$(cat "$S/launch.pid" 2>/dev/null) || die "no soci node named \"$name\" is up; start it with: sh scripts/soci-node.sh up $name"
  exec_in="nsenter --target $p --mount --net chroot $home/roots/$suite-soci"
  # shellcheck disable=SC2086
  $exec_in "$@"
}

down() {
  name=$1; S=$home/engines/$name; NS=imagediet-$name
  [ -d "$S" ] || return 0
  if p=$(cat "$S/launch.pid" 2>/dev/null) && kill -0 "$p" 2>/dev/null; then
    # Containers first (their shims outlive containerd), then the snapshotter's FUSE mounts, then containerd.
    for t in $(run "$name" ctr task ls -q 2>/dev/null); do run "$name" ctr task kill -s KILL "$t" 2>/dev/null || true; done
    sleep 0.5
    for t in $(run "$name" ctr task ls -q 2>/dev/null); do run "$name" ctr task rm -f "$t" 2>/dev/null || true; done
    for c in $(run "$name" ctr container ls -q 2>/dev/null); do run "$name" ctr container rm "$c" 2>/dev/null || true; done
    if sp=$(cat "$S/soci.pid" 2>/dev/null); then kill -TERM "$sp" 2>/dev/null || true; fi
    kill -TERM "$p" 2>/dev/null || true
    i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.5; i=$((i + 1)); done
    kill -KILL "$p" 2>/dev/null || true
  fi
  if p=$(cat "$S/registry.pid" 2>/dev/null); then kill -TERM "$p" 2>/dev/null || true; fi
  [ ! -e "/run/netns/$NS" ] || ip netns del "$NS" 2>/dev/null || true
  # Every mount lived in the namespace that just ended; a FUSE mount still busy would keep files, so wait for it.
  sleep 0.5
  rm -rf "$S"
}

cmd=${1:-}; [ -n "$cmd" ] || usage; shift
case "$cmd" in
  up) [ $# -ge 1 ] || usage; up "$@" ;;
  run) [ $# -ge 2 ] || usage; check_name "$1"; run "$@" ;;
  net)
    [ $# -ge 2 ] || usage; name=$1; shift; [ "${1:-}" = -- ] && shift; check_name "$name"
    exec nsenter --net="/run/netns/imagediet-$name" "$@" ;;
  down) [ $# -eq 1 ] || usage; check_name "$1"; down "$1" ;;
  *) usage ;;
esac

#!/bin/sh
# Engines beside the host's: an empty dockerd (or podman) from a Debian chroot, in its own network and mount
# namespace, with an empty data root that this script owns and wipes. Nothing of the host's engine, iptables or
# bridge is touched: the engine gets its own docker0 and nft tables inside its namespace, and reaches the outside
# (the Debian mirror for RUN apt-get) through slirp4netns, which uses ordinary sockets on the host side.
#
#   sh scripts/engine.sh up KIND [NAME]       start an empty engine of KIND (NAME defaults to KIND); prints DOCKER_HOST
#   sh scripts/engine.sh run NAME -- CMD…     run CMD inside NAME's network namespace with DOCKER_HOST set
#   sh scripts/engine.sh down NAME            stop it; its data root, namespace and mounts go
#   sh scripts/engine.sh list                 the kinds, and the engines running now
#
# KIND: docker-20 (bookworm docker.io 20.10, overlay2), docker-26 (trixie 26.1, overlay2), docker-28 (forky 28.5,
# overlay2), docker-28-containerd (forky 28.5, containerd image store), podman-5 (trixie podman 5.4, Docker API).
# Needs root, Linux network namespaces, and Debian's mirror; the first `up` of a suite builds its chroot with
# mmdebstrap (a few minutes, about 400 MB), later ones reuse it. IMAGEDIET_ENGINE_HOME moves the state
# (default /var/tmp/imagediet).
set -eu
home=${IMAGEDIET_ENGINE_HOME:-/var/tmp/imagediet}
mirror=${IMAGEDIET_DEBIAN_MIRROR:-http://deb.debian.org/debian}

die() { echo "imagediet engine: $*" >&2; exit 2; }
usage() { sed -n 7,17p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# KIND -> suite, store, daemon
kind_facts() {
  case "$1" in
    docker-20) echo "bookworm overlay2 dockerd" ;;
    docker-26) echo "trixie overlay2 dockerd" ;;
    docker-28) echo "forky overlay2 dockerd" ;;
    docker-28-containerd) echo "forky containerd dockerd" ;;
    podman-5) echo "trixie podman podman" ;;
    *) return 1 ;;
  esac
}

need_host_tools() {
  [ "$(id -u)" = 0 ] || die "side engines need root (network and mount namespaces, chroot); run as root, or point DOCKER_HOST at an engine you dedicate to this"
  command -v ip >/dev/null && command -v unshare >/dev/null && command -v nsenter >/dev/null ||
    die "needs iproute2 and util-linux (ip, unshare, nsenter); install them and retry"
  missing=""
  command -v mmdebstrap >/dev/null 2>&1 || missing="$missing mmdebstrap"
  command -v docker-registry >/dev/null 2>&1 || missing="$missing docker-registry"
  if [ -n "$missing" ]; then
    command -v apt-get >/dev/null 2>&1 || die "needs$missing (Debian packages); install them and retry"
    echo "imagediet engine: installing$missing from the distribution's packages…" >&2
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
  fi
}

# The chroot of a suite, built once. Only packages live here; every engine's data root is elsewhere and empty.
ensure_root() {  # suite daemon -> path
  r=$home/roots/$1-$2
  if [ ! -e "$r/.imagediet-complete" ]; then
    case "$2" in
      dockerd) pkgs=docker.io,containerd,runc,iptables,iproute2,procps,ca-certificates,slirp4netns ;;
      podman) pkgs=podman,crun,netavark,aardvark-dns,iptables,iproute2,procps,ca-certificates,slirp4netns,catatonit,uidmap ;;
    esac
    rm -rf "$r"; mkdir -p "$home/roots"
    echo "imagediet engine: building the $1 chroot with $2 (once; a few minutes)…" >&2
    t0=$(date +%s)
    # The mirror may be a frozen snapshot, whose Release files are past their Valid-Until date.
    mmdebstrap --variant=minbase --mode=root --quiet --include="$pkgs" \
      --aptopt='Acquire::Check-Valid-Until "false"' "$1" "$r" "deb $mirror $1 main" >&2 ||
      die "mmdebstrap could not build the $1 chroot (see above); check that $mirror is reachable"
    touch "$r/.imagediet-complete"
    echo "imagediet engine: $1 chroot ready in $(( $(date +%s) - t0 )) s" >&2
  fi
  echo "$r"
}

state() { echo "$home/engines/$1"; }
netns() { echo "imagediet-$1"; }

up() {
  kind=$1; name=${2:-$1}
  facts=$(kind_facts "$kind") || die "unknown engine kind \"$kind\"; accepted: docker-20, docker-26, docker-28, docker-28-containerd, podman-5"
  case "$name" in *[!a-z0-9-]*|'') die "engine name \"$name\" may hold only a-z, 0-9 and -" ;; esac
  set -- $facts; suite=$1; store=$2; daemon=$3
  need_host_tools
  R=$(ensure_root "$suite" "$daemon")
  down "$name" 2>/dev/null || true
  S=$(state "$name"); NS=$(netns "$name")
  mkdir -p "$S/data"
  echo "$kind" >"$S/kind"
  case "$store" in
    overlay2) echo '{"storage-driver":"overlay2"}' >"$S/daemon.json" ;;
    containerd) echo '{"features":{"containerd-snapshotter":true}}' >"$S/daemon.json" ;;
  esac
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  # User-mode NAT for the namespace's outbound traffic; it runs from the chroot so the host needs no slirp4netns.
  nohup unshare --mount --propagation private sh -c "
    mount -t proc proc $R/proc; mount --rbind /dev $R/dev; mount -t tmpfs -o mode=755 tmpfs $R/run
    touch $R/run/ns; mount --bind /run/netns/$NS $R/run/ns
    exec chroot $R slirp4netns --configure --mtu=65520 --disable-host-loopback --netns-type=path /run/ns tap0
  " >"$S/slirp.log" 2>&1 &
  echo $! >"$S/slirp.pid"
  i=0
  until ip -n "$NS" addr show tap0 2>/dev/null | grep -q 'inet '; do
    i=$((i + 1)); [ $i -lt 30 ] || die "slirp4netns did not configure the namespace's network; see $S/slirp.log"
    sleep 0.5
  done
  # The root is bind-mounted onto itself first: dockerd 25 and later remount / as rslave for imports, which fails
  # with "remount /, flags: 0x84000: invalid argument" where / is a plain directory rather than a mount point.
  mounts="mount --bind $R $R; mount -t proc proc $R/proc; mount -t sysfs sysfs $R/sys
    mount --rbind /sys/fs/cgroup $R/sys/fs/cgroup; mount --rbind /dev $R/dev; mount -t tmpfs -o mode=755 tmpfs $R/run
    mkdir -p $R/run/lock $R/engine; mount --bind $S $R/engine"
  case "$daemon" in
    dockerd)
      run_cmd="exec chroot $R dockerd --config-file /engine/daemon.json -H unix:///engine/docker.sock \
        --data-root /engine/data --exec-root /run/docker-engine --pidfile /engine/daemon.pid --cgroup-parent $NS" ;;
    podman)
      # Podman's own configuration lives beside its data root, not in the shared chroot. cgroupfs: there is no
      # systemd to ask for cgroups here. nofile and nproc: for root, podman and buildah raise every container's
      # open-file and process limits to 1048576, which fails (setrlimit: operation not permitted) where the process
      # lacks CAP_SYS_RESOURCE and its hard limits are lower, so containers get this process's own hard limits.
      hard() { awk -v k="$1" 'index($0, k) == 1 { v = $(NF - 1); print (v == "unlimited" ? 1048576 : v) }' /proc/self/limits; }
      nofile=$(hard 'Max open files'); nproc=$(hard 'Max processes')
      # netavark's default firewall driver runs nft, which the chroot does not have; its iptables driver works.
      printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n[network]\nfirewall_driver = "iptables"\n' \
        "$nofile" "$nofile" "$nproc" "$nproc" >"$S/containers.conf"
      # crun refuses a hybrid cgroup host whose cgroup v2 hierarchy holds a controller ("cgroups in hybrid mode not
      # supported"); without /sys/fs/cgroup/unified, in this mount namespace only, it takes the host as plain v1.
      run_cmd="! mountpoint -q $R/sys/fs/cgroup/unified || umount -l $R/sys/fs/cgroup/unified
        echo \$\$ >$S/daemon.pid
        exec chroot $R env CONTAINERS_CONF=/engine/containers.conf PODMAN_IGNORE_CGROUPSV1_WARNING=1 \
          podman --root /engine/data --runroot /run/podman-engine system service --time=0 unix:///engine/docker.sock" ;;
  esac
  nohup nsenter --net="/run/netns/$NS" unshare --mount --propagation private sh -c "$mounts
    $run_cmd" >"$S/daemon.log" 2>&1 &
  echo $! >"$S/launch.pid"
  i=0
  until [ -S "$S/docker.sock" ] && ping_sock "$S/docker.sock"; do
    i=$((i + 1))
    if [ $i -ge 120 ] || ! kill -0 "$(cat "$S/launch.pid")" 2>/dev/null; then
      tail -5 "$S/daemon.log" >&2
      down "$name" >/dev/null 2>&1 || true
      die "$kind did not answer within 60 s (log above)"
    fi
    sleep 0.5
  done
  echo "unix://$S/docker.sock"
}

# A ping over the unix socket, with node (always present where this project runs): no curl needed on the host.
ping_sock() {
  node -e '
    const r = require("node:http").get({ socketPath: process.argv[1], path: "/_ping", timeout: 2000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1));
    r.on("error", () => process.exit(1)); r.on("timeout", () => process.exit(1));
  ' "$1"
}

down() {
  name=$1; S=$(state "$name"); NS=$(netns "$name")
  [ -d "$S" ] || [ -e "/run/netns/$NS" ] || return 0
  p=$(cat "$S/daemon.pid" 2>/dev/null || cat "$S/launch.pid" 2>/dev/null || true)
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    # SIGTERM lets dockerd stop its containers and its containerd before it exits.
    kill -TERM "$p" 2>/dev/null || true
    i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    kill -KILL "$p" 2>/dev/null || true
  fi
  for f in launch.pid slirp.pid; do
    [ -e "$S/$f" ] && kill -TERM "$(cat "$S/$f")" 2>/dev/null || true
  done
  [ ! -e "/run/netns/$NS" ] || ip netns del "$NS" 2>/dev/null || true
  # The engine's data root is wholly this script's: every mount of it lived in the mount namespace that just ended.
  rm -rf "$S"
}

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
case "$cmd" in
  up) [ $# -ge 1 ] || usage; up "$@" ;;
  down) [ $# -ge 1 ] || usage; down "$1" ;;
  run)
    [ $# -ge 1 ] || usage; name=$1; shift; [ "${1:-}" = "--" ] && shift
    [ -S "$(state "$name")/docker.sock" ] || die "no engine named \"$name\" is up; start it with: npm run engine -- up <kind> $name"
    exec nsenter --net="/run/netns/$(netns "$name")" env DOCKER_HOST="unix://$(state "$name")/docker.sock" "$@"
    ;;
  list)
    echo "kinds: docker-20 docker-26 docker-28 docker-28-containerd podman-5"
    for d in "$home"/engines/*/; do
      [ -S "$d/docker.sock" ] && echo "up: $(basename "$d") ($(cat "$d/kind")) DOCKER_HOST=unix://${d%/}/docker.sock"
    done
    true
    ;;
  *) usage ;;
esac

#!/bin/sh
# Engines beside the host's: an empty dockerd (or podman) from a Debian chroot, in its own network and mount
# namespace, with an empty data root that this script owns and wipes. Nothing of the host's engine, iptables or
# bridge is touched: the engine gets its own docker0 and nft tables inside its namespace, and reaches the outside
# (the Debian mirror for RUN apt-get) through slirp4netns, which uses ordinary sockets on the host side.
#
#   sh scripts/engine.sh up KIND [NAME]       start an empty engine of KIND (NAME defaults to KIND); prints DOCKER_HOST
#   sh scripts/engine.sh run NAME -- CMD…     run CMD inside NAME's network namespace with DOCKER_HOST set
#   sh scripts/engine.sh down NAME            stop it; its data root, namespace and mounts go
#   sh scripts/engine.sh prune [--within PID] PREFIX…
#                                             stop the engines named PREFIX… whose owner has exited (with --within:
#                                             only those started under process PID); prints what it removed or kept
#   sh scripts/engine.sh list                 the kinds, and the engines running now
#   sh scripts/engine.sh skopeo [--dir DIR] -- ARGS…
#                                             run trixie's skopeo 1.18 from a chroot, DIR bound at /xfer, with a
#                                             blob-info cache of its own that ends with the call
#
# NAME: 1 to 64 of a-z, 0-9 and -, starting with a letter or digit; every command refuses any other (exit 2).
# KIND: docker-20 (bookworm docker.io 20.10, overlay2), docker-26 (trixie 26.1, overlay2), docker-28 (forky 28.5,
# overlay2), docker-28-containerd (forky 28.5, containerd image store), podman-5 (trixie podman 5.4, Docker API).
# The owner of an engine is the process that ran `up`, or the pid in IMAGEDIET_ENGINE_OWNER.
# Needs root, Linux network namespaces, and Debian's mirror; the first `up` of a suite builds its chroot with
# mmdebstrap (a few minutes, about 400 MB), later ones reuse it. IMAGEDIET_ENGINE_HOME moves the state
# (an absolute path; default /var/tmp/imagediet).
set -eu
mirror=${IMAGEDIET_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Messages are one line: a value is shown with anything unprintable (a newline, say) as "?".
shown() { printf '%s' "$1" | tr -c '[:print:]' '?'; }
die() { echo "imagediet engine: $*" >&2; exit 2; }
usage() { sed -n 7,24p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Everything this script removes lies under $home/engines/NAME or $home/roots/SUITE, so home must be a plain absolute
# path: never empty (which would make those paths relative to wherever the caller stands) nor the root directory, and
# free of characters that the mount commands below, built as shell text, would read as syntax.
home=${IMAGEDIET_ENGINE_HOME-/var/tmp/imagediet}
case "$home" in
  '') die "IMAGEDIET_ENGINE_HOME is set but empty; unset it (the default is /var/tmp/imagediet) or give an absolute path" ;;
  /*) ;;
  *) die "IMAGEDIET_ENGINE_HOME \"$(shown "$home")\" is a relative path; give an absolute one, or unset it for /var/tmp/imagediet" ;;
esac
case "$home" in
  *[!A-Za-z0-9/._-]*) die "IMAGEDIET_ENGINE_HOME \"$(shown "$home")\" holds a character other than A-Z, a-z, 0-9, /, ., _ and -; give a plain absolute path" ;;
esac
case "/$home/" in
  */../*) die "IMAGEDIET_ENGINE_HOME \"$home\" holds a .. component; give the folder's own absolute path" ;;
esac
[ -n "$(printf '%s' "$home" | tr -d /.)" ] ||
  die "IMAGEDIET_ENGINE_HOME \"$home\" is the root directory; give a folder of its own, e.g. /var/tmp/imagediet"

# The names `up` makes, and the only ones any command takes: the state of NAME is $home/engines/NAME, which `down`
# deletes, so a name must never reach outside that folder ("", ".", "..", "a/b", "/") nor read as an option ("-x").
is_name() {
  case "$1" in [a-z0-9]*) ;; *) return 1 ;; esac
  case "$1" in *[!a-z0-9-]*) return 1 ;; esac
  [ ${#1} -le 64 ]
}
check_name() {
  is_name "$1" ||
    die "engine name \"$(shown "$1")\" is not one this script makes; use 1 to 64 of a-z, 0-9 and -, starting with a letter or digit (e.g. docker-20)"
}

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

# "ppid start" of process PID, from /proc/PID/stat; fails when no such process runs. The start (field 22, clock ticks
# since boot) makes a pid name one process for good: a pid the kernel hands out again comes with another start.
# Fields are counted after the command name's last ") ", since the name itself may hold spaces and parentheses.
proc_stat() {
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # shellcheck disable=SC2086
  set -- ${s##*") "}
  echo "$2 ${20}"
}
proc_start() { f=$(proc_stat "$1") || return 1; echo "${f#* }"; }

# The owner and then its ancestors, one "pid start" a line: `prune --within` finds the engines started under a
# process by that process's line here, even once the owner itself has exited.
owner_chain() {
  p=$1
  while [ "$p" -gt 1 ] && f=$(proc_stat "$p"); do
    echo "$p ${f#* }"
    p=${f%% *}
  done
}

# Is the owner recorded in engine folder $1 running? 0 running, 1 exited, 2 unknown (no owner file, or not
# "pid start": an engine an older engine.sh started). Sets opid.
owner_state() {
  line=$(head -n 1 "$1/owner" 2>/dev/null) || return 2
  opid=${line%% *}; ostart=${line#* }
  case "$opid" in ''|*[!0-9]*) return 2 ;; esac
  case "$ostart" in ''|*[!0-9]*) return 2 ;; esac
  [ "$(proc_start "$opid" || true)" = "$ostart" ] || return 1
}

# The pid in $1/$2.pid if that process is still the one `up` started: its start must equal the one recorded in
# $1/$2.start, so a pid the kernel has given to another process since (after a reboot, say: /var/tmp outlives one)
# is never signalled. Engines started before start times were recorded have no .start file; their pid is taken.
live_pid() {
  p=$(cat "$1/$2.pid" 2>/dev/null) || return 1
  case "$p" in ''|*[!0-9]*) return 1 ;; esac
  now=$(proc_start "$p") || return 1
  [ ! -e "$1/$2.start" ] || [ "$(cat "$1/$2.start")" = "$now" ] || return 1
  echo "$p"
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
      skopeo) pkgs=skopeo,ca-certificates ;;
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
  [ $# -le 2 ] || die "up takes a kind and at most one name: sh scripts/engine.sh up KIND [NAME]"
  kind=$1
  facts=$(kind_facts "$kind") || die "unknown engine kind \"$(shown "$kind")\"; accepted: docker-20, docker-26, docker-28, docker-28-containerd, podman-5"
  if [ $# -ge 2 ]; then name=$2; else name=$kind; fi
  check_name "$name"
  owner=${IMAGEDIET_ENGINE_OWNER:-$PPID}
  case "$owner" in
    ''|*[!0-9]*) die "IMAGEDIET_ENGINE_OWNER \"$(shown "$owner")\" is not a pid; set it to the pid of the process the engine belongs to, or unset it" ;;
  esac
  chain=$(owner_chain "$owner")
  [ -n "$chain" ] ||
    die "the engine's owner, pid $owner, is not a running process (or is init); set IMAGEDIET_ENGINE_OWNER to the pid of the process the engine belongs to"
  S=$(state "$name"); NS=$(netns "$name")
  # `up` replaces an engine of the same name, but never one that another running process owns.
  st=0; owner_state "$S" || st=$?
  if [ $st = 0 ] && [ "$opid $ostart" != "$(printf '%s\n' "$chain" | head -n 1)" ]; then
    die "engine \"$name\" is up and its owner, pid $opid, is running; choose another name, or stop it first: sh scripts/engine.sh down $name"
  fi
  set -- $facts; suite=$1; store=$2; daemon=$3
  need_host_tools
  R=$(ensure_root "$suite" "$daemon")
  down "$name" 2>/dev/null || true
  mkdir -p "$S"
  # First, so that a prune running meanwhile sees whose engine this is.
  printf '%s\n' "$chain" >"$S/owner"
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
  proc_start $! >"$S/slirp.start" || true
  i=0
  until ip -n "$NS" addr show tap0 2>/dev/null | grep -q 'inet '; do
    i=$((i + 1)); [ $i -lt 30 ] || die "slirp4netns did not configure the namespace's network; see $S/slirp.log"
    sleep 0.5
  done
  # Every program started in the chroot runs with `env -u TMPDIR`: the caller's TMPDIR (npm test sets one of its own)
  # names a host folder the chroot does not have, and Docker 28.5 with the containerd store makes its mount folders
  # there: every container create failed with "failed to create temp dir: stat /tmp/…: no such file or directory".
  # The root is bind-mounted onto itself first: dockerd 25 and later remount / as rslave for imports, which fails
  # with "remount /, flags: 0x84000: invalid argument" where / is a plain directory rather than a mount point.
  mounts="mount --bind $R $R; mount -t proc proc $R/proc; mount -t sysfs sysfs $R/sys
    mount --rbind /sys/fs/cgroup $R/sys/fs/cgroup; mount --rbind /dev $R/dev; mount -t tmpfs -o mode=755 tmpfs $R/run
    mkdir -p $R/run/lock $R/engine; mount --bind $S $R/engine"
  case "$daemon" in
    dockerd)
      run_cmd="exec chroot $R env -u TMPDIR dockerd --config-file /engine/daemon.json -H unix:///engine/docker.sock \
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
        exec chroot $R env -u TMPDIR CONTAINERS_CONF=/engine/containers.conf PODMAN_IGNORE_CGROUPSV1_WARNING=1 \
          podman --root /engine/data --runroot /run/podman-engine system service --time=0 unix:///engine/docker.sock" ;;
  esac
  # The daemon and all it starts (containerd, shims, unpigz) get a CPU-accounting cgroup of their own, so the CPU time
  # a pull costs the node can be read: cpuacct.usage (ns) on cgroup v1, cpu.stat usage_usec on v2. Containers are
  # not in it (--cgroup-parent puts them elsewhere). Where none can be made, $S/cgroup is absent and nothing is read.
  join=""
  if cg=$(daemon_cgroup "$name") && mkdir -p "$cg" 2>/dev/null; then
    echo "$cg" >"$S/cgroup"
    join="echo \$\$ >$cg/cgroup.procs"
  fi
  # Every exec down this chain keeps the pid: the launch pid is the daemon's own once it runs.
  nohup nsenter --net="/run/netns/$NS" unshare --mount --propagation private sh -c "$join
    $mounts
    $run_cmd" >"$S/daemon.log" 2>&1 &
  echo $! >"$S/launch.pid"
  proc_start $! >"$S/launch.start" || true
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

# The CPU-accounting cgroup of engine NAME's daemon: cgroup v1's cpuacct hierarchy (a hybrid host has both), else the
# unified v2 one; fails where neither is mounted.
daemon_cgroup() {
  if [ -d /sys/fs/cgroup/cpuacct ]; then echo "/sys/fs/cgroup/cpuacct/imagediet-daemon-$1"
  elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo "/sys/fs/cgroup/imagediet-daemon-$1"
  else return 1; fi
}

# skopeo from trixie (1.18): bookworm's 1.9 cannot be told to recompress a layer into the format it is already in, and
# mounts a blob of another compression its blob-info cache remembers instead of the one asked for. The cache is a
# tmpfs that ends with the call, so no earlier copy can stand in for this one's layers. DIR is bound at /xfer for
# the dir: transport. The network is the caller's: a registry on its 127.0.0.1 is reachable.
skopeo_cmd() {
  dir=""
  if [ "${1:-}" = --dir ]; then
    [ $# -ge 2 ] || die "skopeo --dir needs a folder: sh scripts/engine.sh skopeo --dir DIR -- ARGS…"
    dir=$2; shift 2
    case "$dir" in /*) ;; *) die "skopeo --dir \"$(shown "$dir")\" is not an absolute path; give one" ;; esac
    [ -d "$dir" ] || die "skopeo --dir $(shown "$dir"): no such folder; create it first"
  fi
  [ "${1:-}" = -- ] && shift
  [ "$(id -u)" = 0 ] || die "skopeo from a chroot needs root (mount namespace, chroot); run as root"
  command -v unshare >/dev/null || die "needs util-linux (unshare); install it and retry"
  command -v mmdebstrap >/dev/null 2>&1 || {
    command -v apt-get >/dev/null 2>&1 || die "needs mmdebstrap (a Debian package); install it and retry"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >/dev/null
  }
  R=$(ensure_root trixie skopeo)
  bind=""
  [ -z "$dir" ] || bind="mkdir -p $R/xfer; mount --bind \"\$XFER\" $R/xfer"
  XFER=$dir exec unshare --mount --propagation private sh -c "
    mount -t proc proc $R/proc; mount -t tmpfs tmpfs $R/tmp
    mkdir -p $R/var/lib/containers; mount -t tmpfs tmpfs $R/var/lib/containers
    $bind
    exec chroot $R env -u TMPDIR skopeo \"\$@\"" skopeo "$@"
}

# A ping over the unix socket, with node (always present where this project runs): no curl needed on the host.
ping_sock() {
  node -e '
    const r = require("node:http").get({ socketPath: process.argv[1], path: "/_ping", timeout: 2000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1));
    r.on("error", () => process.exit(1)); r.on("timeout", () => process.exit(1));
  ' "$1"
}

# NAME has been checked: S is $home/engines/NAME, never more.
down() {
  name=$1; S=$(state "$name"); NS=$(netns "$name")
  [ -d "$S" ] || [ -e "/run/netns/$NS" ] || return 0
  # The launch pid is the daemon's (see up); only the process up started is signalled, never one with its old pid.
  if p=$(live_pid "$S" launch); then
    # SIGTERM lets dockerd stop its containers and its containerd before it exits.
    kill -TERM "$p" 2>/dev/null || true
    i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    kill -KILL "$p" 2>/dev/null || true
  fi
  if p=$(live_pid "$S" slirp); then kill -TERM "$p" 2>/dev/null || true; fi
  [ ! -e "/run/netns/$NS" ] || ip netns del "$NS" 2>/dev/null || true
  # The daemon's cgroup goes once its processes have: one still holding a process stays, and the next up reuses it.
  if cg=$(daemon_cgroup "$name"); then rmdir "$cg" 2>/dev/null || true; fi
  # The engine's data root is wholly this script's: every mount of it lived in the mount namespace that just ended.
  rm -rf "$S"
}

# Engines whose owner has exited: a test run or a bench that was killed before it could stop its own. One rule for
# every caller (scripts/test.sh, .ci/run, the harness at a run's start): an engine whose owner runs is never touched,
# and one that records no owner is kept and named, since nothing says whose it is.
prune() {
  within=""
  if [ "${1:-}" = --within ]; then
    [ $# -ge 2 ] || die "prune --within needs a pid: sh scripts/engine.sh prune --within PID PREFIX…"
    case "$2" in ''|*[!0-9]*) die "prune --within \"$(shown "$2")\" is not a pid; give the pid of a running process" ;; esac
    wstart=$(proc_start "$2") || die "prune --within $2: no such process is running; give the pid of a running process"
    within="$2 $wstart"
    shift 2
  fi
  [ $# -ge 1 ] || die "prune needs a name prefix, e.g. test- or node-: sh scripts/engine.sh prune [--within PID] PREFIX…"
  for prefix; do check_name "$prefix"; done
  for prefix; do
    for d in "$home/engines/$prefix"*/; do
      [ -d "$d" ] || continue
      d=${d%/}; name=${d##*/}
      # A folder whose name this script never makes is not an engine of its own.
      is_name "$name" || continue
      st=0; owner_state "$d" || st=$?
      # Under --within, only an engine whose owner descends from that process (its line is in the owner file).
      if [ -n "$within" ] && { [ $st != 1 ] || ! grep -qxF "$within" "$d/owner"; }; then continue; fi
      case $st in
        1)
          if (down "$name") >/dev/null 2>&1; then echo "removed engine $name: its owner, pid $opid, has exited"
          else echo "could not remove engine $name (its owner, pid $opid, has exited); stop it with: sh scripts/engine.sh down $name"
          fi ;;
        2) echo "kept engine $name: it records no owner ($d/owner is missing or not \"pid start\"); if nothing uses it, stop it with: sh scripts/engine.sh down $name" ;;
      esac
    done
  done
}

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
case "$cmd" in
  up) [ $# -ge 1 ] || usage; up "$@" ;;
  down)
    [ $# -eq 1 ] || die "down takes one engine name: sh scripts/engine.sh down NAME"
    check_name "$1"; down "$1" ;;
  prune) prune "$@" ;;
  run)
    [ $# -ge 1 ] || usage; name=$1; shift; [ "${1:-}" = "--" ] && shift
    check_name "$name"
    [ -S "$(state "$name")/docker.sock" ] || die "no engine named \"$name\" is up; start it with: npm run engine -- up <kind> $name"
    exec nsenter --net="/run/netns/$(netns "$name")" env DOCKER_HOST="unix://$(state "$name")/docker.sock" "$@"
    ;;
  list)
    echo "kinds: docker-20 docker-26 docker-28 docker-28-containerd podman-5"
    for d in "$home"/engines/*/; do
      [ -S "$d/docker.sock" ] || continue
      st=0; owner_state "$d" || st=$?
      case $st in 0) who="owner pid $opid, running" ;; 1) who="owner pid $opid, exited" ;; *) who="no owner recorded" ;; esac
      echo "up: $(basename "$d") ($(cat "$d/kind")) DOCKER_HOST=unix://${d%/}/docker.sock ($who)"
    done
    true
    ;;
  skopeo) skopeo_cmd "$@" ;;
  *) usage ;;
esac

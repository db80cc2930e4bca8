#!/bin/sh
# Time to first answer with lazy pulling (soci-snapshotter) against a full pull (overlayfs), on fresh soci nodes
# (scripts/soci-node.sh), from images in a docker-registry storage folder. Issue 21, part 3; see the README's
# "Lazy pulling".
#
#   sh scripts/soci-measure.sh index REGISTRY_DIR REF…     make a SOCI index for each REF (10.88.0.1:5000/…: the node's
#                                                          TLS registry) and push it beside the image; prints
#                                                          "REF index-digest"
#   sh scripts/soci-measure.sh time REGISTRY_DIR N PORT REF…
#                                                          N fresh nodes per REF and mode; one TSV line each:
#                                                          ref mode rep pull_ms answer_ms total_ms load1
#
# Every repetition starts a new node (empty content store, empty snapshotters), as a deploy to a fresh node does.
# `total_ms` runs from the pull's start to the first HTTP answer below 500 to GET / on 127.0.0.1:PORT; `pull_ms` is
# the pull alone (for soci: the manifest, config and index; the layers come later, on demand). All timing is done
# by one shell inside the node, so no nsenter or process start on the host enters a figure.
set -eu
here=$(dirname "$0")
node=${IMAGEDIET_SOCI_NODE:-soci-measure}
die() { echo "imagediet soci-measure: $*" >&2; exit 2; }
usage() { sed -n 6,12p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# The node-side program: pull (mode full: ctr pull with overlayfs; lazy: soci rpull), run with the host network of
# the node's namespace, poll until an HTTP answer. Prints "pull_ms answer_ms total_ms".
# shellcheck disable=SC2016
timed='
ref=$1 mode=$2 port=$3
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t0=$(date +%s%N)
if [ "$mode" = lazy ]; then
  soci image rpull "$ref" >/tmp/pull.log 2>&1 || { cat /tmp/pull.log >&2; exit 1; }
  sn=soci
else
  ctr image pull "$ref" >/tmp/pull.log 2>&1 || { cat /tmp/pull.log >&2; exit 1; }
  sn=overlayfs
fi
pull=$(ms "$t0")
ctr run -d --net-host --snapshotter "$sn" "$ref" probe >/dev/null || exit 1
while :; do
  code=$(curl -s -o /dev/null -m 1 -w "%{http_code}" "http://127.0.0.1:$port/" || true)
  case "$code" in 000|5*) ;; *) break ;; esac
  [ "$(ms "$t0")" -lt 120000 ] || { echo "no answer on 127.0.0.1:$port within 120 s" >&2; exit 1; }
  sleep 0.01
done
total=$(ms "$t0")
echo "$pull $((total - pull)) $total"
'

case "${1:-}" in
  index)
    [ $# -ge 3 ] || usage; reg=$2; shift 2
    [ -d "$reg" ] || die "registry folder $reg does not exist"
    sh "$here/soci-node.sh" up "$node" "$reg" >/dev/null
    for ref; do
      sh "$here/soci-node.sh" run "$node" -- ctr image pull "$ref" >/dev/null
      # Every layer gets a zTOC, the small image's too (the default skips layers under 10 MiB, which would leave
      # scratch with nothing to pull lazily).
      sh "$here/soci-node.sh" run "$node" -- soci create --min-layer-size 0 "$ref" >&2
      sh "$here/soci-node.sh" run "$node" -- soci push "$ref" >&2
      d=$(sh "$here/soci-node.sh" run "$node" -- soci index list -q --ref "$ref" 2>/dev/null | head -n 1 || true)
      echo "$ref $d"
    done
    sh "$here/soci-node.sh" down "$node"
    ;;
  time)
    [ $# -ge 5 ] || usage; reg=$2; n=$3; port=$4; shift 4
    [ -d "$reg" ] || die "registry folder $reg does not exist"
    case "$n" in ''|*[!0-9]*) die "N \"$n\" is not a count; give e.g. 5" ;; esac
    for ref; do
      rep=1
      while [ "$rep" -le "$n" ]; do
        # The two modes alternate, so a change in the machine's load falls on both.
        for mode in full lazy; do
          sh "$here/soci-node.sh" up "$node" "$reg" >/dev/null
          load=$(cut -d' ' -f1 /proc/loadavg)
          if out=$(sh "$here/soci-node.sh" run "$node" -- sh -c "$timed" timed "$ref" "$mode" "$port"); then
            printf '%s\t%s\t%s\t%s\t%s\n' "$ref" "$mode" "$rep" "$(echo "$out" | tr ' ' '\t')" "$load"
          else
            printf '%s\t%s\t%s\terror\t\t\t%s\n' "$ref" "$mode" "$rep" "$load"
            tail -n 20 "${IMAGEDIET_ENGINE_HOME:-/var/tmp/imagediet}/engines/$node/soci.log" >&2 || true
          fi
          sh "$here/soci-node.sh" down "$node"
        done
        rep=$((rep + 1))
      done
    done
    ;;
  *) usage ;;
esac

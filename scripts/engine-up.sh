#!/bin/sh
# Bring up a Docker engine on a Debian-family machine that has none: install docker.io (plus docker-registry and
# mmdebstrap, which the harness uses) from the distribution's packages and start dockerd in the background.
# Where an engine already answers (DOCKER_HOST honoured), it touches nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pidfile=/run/imagediet-dockerd.pid
log=/var/log/imagediet-dockerd.log

if node "$here/engine-ping.mjs"; then exit 0; fi

fail() { echo "imagediet: $1" >&2; exit 2; }
if [ -n "${DOCKER_HOST:-}" ]; then
  fail "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST; start that engine, or unset DOCKER_HOST to use a local one"
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  fail "no Docker engine is running and this script can only install one as root on Debian/Ubuntu; install Docker Engine (docs.docker.com/engine/install) and start it, or set DOCKER_HOST"
fi

need=""
command -v dockerd >/dev/null 2>&1 || need="$need docker.io"
command -v docker-registry >/dev/null 2>&1 || need="$need docker-registry"
command -v mmdebstrap >/dev/null 2>&1 || need="$need mmdebstrap"
if [ -n "$need" ]; then
  echo "imagediet: installing$need from the distribution's packages…" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "imagediet: starting dockerd in the background (log: $log)…" >&2
  nohup dockerd >"$log" 2>&1 &
  echo $! >"$pidfile"
fi
i=0
until node "$here/engine-ping.mjs"; do
  i=$((i + 1))
  [ $i -lt 60 ] || fail "dockerd did not answer within 60 s; see $log"
  sleep 1
done
echo "imagediet: Docker engine is up" >&2

#!/bin/sh
# Bring up a Docker engine where none answers: on Debian as root, install docker.io, docker-registry and mmdebstrap and
# start dockerd in the background; where one answers (DOCKER_HOST honoured), touch nothing. The logic lives in
# src/engine/engine-up.ts, which the CLI itself calls once its input is known to be good; this wrapper is for callers
# that need an engine without running a command (CI). bench:baseline goes through the CLI, which checks its
# arguments before it brings an engine up.
set -eu
case $0 in */*) cd "${0%/*}/.." ;; *) cd .. ;; esac
exec node --import tsx src/cli/engine-up-main.ts

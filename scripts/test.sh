#!/bin/sh
# `npm test`: lint and types, then every test. The integration tests run against an engine with an EMPTY data root
# that this script starts for the run and stops at the end, so nothing an earlier run left on an engine can make a
# test pass, and the host's own engine and images are never touched:
#   - CI=true: always a side engine (scripts/engine.sh), of kind IMAGEDIET_TEST_ENGINE (default docker-20);
#   - otherwise, DOCKER_HOST set: the engine it names is used as it is (one you dedicate to the tests);
#   - otherwise, as root on Linux: a side engine, as in CI;
#   - otherwise: the default engine, with a warning that its images may make tests pass.
# Arguments go to vitest (`npm test -- test/integration/sweep.test.ts`).
set -eu
cd "$(dirname "$0")/.."
export NO_COLOR=1
kind=${IMAGEDIET_TEST_ENGINE:-docker-20}

sh scripts/browser-up.sh
npm run -s check

side=0
if [ "${CI:-}" = true ]; then side=1
elif [ -n "${DOCKER_HOST:-}" ]; then side=0
elif [ "$(id -u)" = 0 ] && [ "$(uname -s)" = Linux ] && command -v ip >/dev/null 2>&1; then side=1
else
  echo "imagediet test: cannot start an empty engine here (needs root on Linux); using the default engine, whose existing images may make tests pass" >&2
fi

if [ $side = 0 ]; then
  exec npx vitest run "$@"
fi

# Engines of earlier test runs that were killed before their trap ran: each is named after its script's pid.
for d in "${IMAGEDIET_ENGINE_HOME:-/var/tmp/imagediet}"/engines/test-*/; do
  [ -d "$d" ] || continue
  n=$(basename "$d")
  kill -0 "${n#test-}" 2>/dev/null && continue
  sh scripts/engine.sh down "$n"
done
name=test-$$
trap 'sh scripts/engine.sh down "$name"' EXIT
trap 'exit 130' INT TERM
t0=$(date +%s)
host=$(sh scripts/engine.sh up "$kind" "$name")
echo "imagediet test: empty $kind engine up in $(( $(date +%s) - t0 )) s at DOCKER_HOST=$host"
sh scripts/engine.sh run "$name" -- npx vitest run "$@"

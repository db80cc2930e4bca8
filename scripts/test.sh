#!/bin/sh
# `npm test`: lint and types, then every test. The integration tests run against an engine with an EMPTY data root
# that this script starts for the run and stops at the end, so nothing an earlier run left on an engine can make a
# test pass, and the host's own engine and images are never touched:
#   - CI=true: always side engines (scripts/engine.sh): the whole suite on the first kind of IMAGEDIET_TEST_ENGINES
#     (default "docker-20 docker-28-containerd"), then the tests whose outcome depends on engine behaviour (sizes,
#     anatomy, build stream, pulls, clean-up) on each further kind, each on its own empty engine;
#   - otherwise, DOCKER_HOST set: the engine it names is used as it is (one you dedicate to the tests);
#   - otherwise, as root on Linux: side engines, as in CI (default kinds: "docker-20");
#   - otherwise: the default engine, with a warning that its images may make tests pass.
# Arguments go to vitest (`npm test -- test/integration/sweep.test.ts`), and then only the first engine is used.
set -eu
cd "$(dirname "$0")/.."
export NO_COLOR=1

sh scripts/browser-up.sh
npm run -s check

side=0
if [ "${CI:-}" = true ]; then side=1; kinds=${IMAGEDIET_TEST_ENGINES:-docker-20 docker-28-containerd}
elif [ -n "${DOCKER_HOST:-}" ]; then side=0
elif [ "$(id -u)" = 0 ] && [ "$(uname -s)" = Linux ] && command -v ip >/dev/null 2>&1; then
  side=1; kinds=${IMAGEDIET_TEST_ENGINES:-docker-20}
else
  echo "imagediet test: cannot start an empty engine here (needs root on Linux); using the default engine, whose existing images may make tests pass" >&2
fi

if [ $side = 0 ]; then
  exec npx vitest run "$@"
fi
[ $# -eq 0 ] || kinds=${kinds%% *}

# What depends on the engine's behaviour rather than on the harness's own logic: run on every further engine.
ENGINE_FILES="test/integration/bench.test.ts test/integration/anatomy.test.ts test/integration/registry.test.ts
  test/integration/timing.test.ts test/integration/robustness.test.ts test/integration/build-cache.test.ts"

# Engines of earlier test runs that were killed before their trap ran: each is named after its script's pid.
for d in "${IMAGEDIET_ENGINE_HOME:-/var/tmp/imagediet}"/engines/test-*/; do
  [ -d "$d" ] || continue
  n=$(basename "$d")
  kill -0 "$(echo "${n#test-}" | cut -d- -f1)" 2>/dev/null && continue
  sh scripts/engine.sh down "$n"
done

summary=$(mktemp)
name=""
finish() {
  rc=$?
  [ -z "$name" ] || sh scripts/engine.sh down "$name"
  # The total over every engine is the last line CI reads.
  awk '{ p += $1; f += $3; s += $5 } END { if (NR > 1) printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
  rm -f "$summary"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM
export IMAGEDIET_SUMMARY_FILE="$summary"

rc=0
first=1
for kind in $kinds; do
  name=test-$$-$kind
  t0=$(date +%s)
  host=$(sh scripts/engine.sh up "$kind" "$name")
  echo "imagediet test: empty $kind engine up in $(( $(date +%s) - t0 )) s at DOCKER_HOST=$host"
  t0=$(date +%s)
  if [ $first = 1 ]; then
    sh scripts/engine.sh run "$name" -- npx vitest run "$@" || rc=1
  else
    files=""
    for f in $ENGINE_FILES; do [ -e "$f" ] && files="$files $f"; done
    # shellcheck disable=SC2086
    sh scripts/engine.sh run "$name" -- npx vitest run --project integration $files || rc=1
  fi
  echo "imagediet test: $kind done in $(( $(date +%s) - t0 )) s"
  sh scripts/engine.sh down "$name"
  name=""
  first=0
done
exit $rc

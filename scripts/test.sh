#!/bin/sh
# `npm test`: lint and types, the unit tests, then the integration tests. The integration tests run against an engine
# with an EMPTY data root that this script starts for the run and stops at the end, so nothing an earlier run left
# on an engine can make a test pass, and the host's own engine and images are never touched:
#   - CI=true: always side engines (scripts/engine.sh): the whole integration suite on the first kind of
#     IMAGEDIET_TEST_ENGINES (default "docker-20 docker-28-containerd"), then the files whose outcome depends on
#     engine behaviour (sizes, anatomy, build stream, pulls, clean-up) on each further kind, each on its own engine;
#   - otherwise, DOCKER_HOST set: the engine it names is used as it is (one you dedicate to the tests);
#   - otherwise, as root on Linux: side engines, as in CI (default kinds: "docker-20");
#   - otherwise: the default engine, with a warning that its images may make tests pass.
# Arguments go to one vitest run (`npm test -- test/integration/sweep.test.ts`) on the first engine only.
set -eu
cd "$(dirname "$0")/.."
export NO_COLOR=1

sh scripts/browser-up.sh
sh scripts/consumers-up.sh
npm run -s check
# The command-line tests run bin/imagediet.js as users do; built now, it runs the sources as they are (a stale build
# would be skipped for tsx anyway, only slower).
npm run -s build

side=0; kinds=""
if [ "${CI:-}" = true ]; then side=1; kinds=${IMAGEDIET_TEST_ENGINES:-docker-20 docker-28-containerd}
elif [ -n "${DOCKER_HOST:-}" ]; then side=0
elif [ "$(id -u)" = 0 ] && [ "$(uname -s)" = Linux ] && command -v ip >/dev/null 2>&1; then
  side=1; kinds=${IMAGEDIET_TEST_ENGINES:-docker-20}
else
  echo "imagediet test: cannot start an empty engine here (needs root on Linux); using the default engine, whose existing images may make tests pass" >&2
fi
[ $# -eq 0 ] || kinds=${kinds%% *}

# What depends on the engine's behaviour rather than on the harness's own logic: run on every further engine.
ENGINE_FILES="test/integration/bench.test.ts test/integration/anatomy.test.ts test/integration/registry.test.ts
  test/integration/timing.test.ts test/integration/robustness.test.ts test/integration/build-cache.test.ts"

# Every temporary folder of this run, the tests' and the command lines' they start, goes under one folder of its own,
# removed at the end: the machine is left as it was found, even by a test that fails before its own clean-up, and
# two runs side by side never see each other's folders.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/imagediet-npm-test.XXXXXX")
export TMPDIR="$scratch"
summary="$scratch/summary"
: > "$summary"
export IMAGEDIET_SUMMARY_FILE="$summary"
name=""
finish() {
  rc=$?
  [ -z "$name" ] || sh scripts/engine.sh down "$name"
  # Each vitest run prints its own counts; the total over all of them is the last line CI reads.
  awk '{ p += $1; f += $3; s += $5 } END { if (NR > 1) printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
  rm -rf "$scratch"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

# One vitest run. A run that fails with no failed test (its global set-up threw, say) reports "0 failed"; it is
# counted as one failure, so the closing line never says 0 failed when the exit code says otherwise.
counted() {
  before=$(wc -l < "$summary")
  "$@" && return 0
  failed=$(tail -n "+$((before + 1))" "$summary" | awk '{ f += $3 } END { print f + 0 }')
  if [ "$failed" -eq 0 ]; then
    echo "imagediet test: vitest failed with no failed test (see its error above); counted as 1 failed"
    echo "0 passed, 1 failed, 0 skipped" >> "$summary"
  fi
  return 1
}

rc=0
# Without arguments the unit tests run first, on their own: they need no engine, so a mistake in the harness's own
# logic shows in a minute, before any engine is started.
if [ $# -eq 0 ]; then
  counted npx vitest run --project unit || rc=1
  set -- --project integration
fi

if [ $side = 0 ]; then
  counted npx vitest run "$@" || rc=1
  exit $rc
fi

# Engines of earlier test runs that were killed before their trap ran: engine.sh's one rule for stale engines (the
# owner recorded at `up`, pid and start time, has exited) finds them; another run's, whose script still runs, stay.
sh scripts/engine.sh prune test- | sed 's/^/imagediet test: /'

first=1
for kind in $kinds; do
  name=test-$$-$kind
  t0=$(date +%s)
  # This script owns the engine, not the subshell that captures its output.
  host=$(IMAGEDIET_ENGINE_OWNER=$$ sh scripts/engine.sh up "$kind" "$name")
  echo "imagediet test: empty $kind engine up in $(( $(date +%s) - t0 )) s at DOCKER_HOST=$host"
  t0=$(date +%s)
  if [ $first = 1 ]; then
    counted sh scripts/engine.sh run "$name" -- npx vitest run "$@" || rc=1
  else
    files=""
    for f in $ENGINE_FILES; do [ -e "$f" ] && files="$files $f"; done
    # shellcheck disable=SC2086
    counted sh scripts/engine.sh run "$name" -- npx vitest run --project integration $files || rc=1
  fi
  echo "imagediet test: integration tests on $kind took $(( $(date +%s) - t0 )) s"
  sh scripts/engine.sh down "$name"
  name=""
  first=0
done
exit $rc

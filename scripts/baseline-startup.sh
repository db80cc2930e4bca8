#!/usr/bin/env bash
# The baseline for imagediet's start-up metric: a plain shell loop doing `docker run -d` followed by curl until the
# first 200, so anyone can compare the harness's figure with what a script would measure.
# Usage: npm run bench:baseline -- <variant> [runs=10] [profile=local]; that is `imagediet baseline-startup`, which
# checks the arguments as the bench does and brings the engine up before it runs this script.
set -euo pipefail
variant=${1:?usage: npm run bench:baseline -- <variant> [runs] [profile]}
runs=${2:-10}
profile=${3:-local}
image="imagediet/$variant:$profile"
command -v docker >/dev/null || { echo "baseline: the docker CLI is needed (apt-get install docker.io)" >&2; exit 2; }
command -v curl >/dev/null || { echo "baseline: curl is needed (apt-get install curl)" >&2; exit 2; }
docker image inspect "$image" >/dev/null 2>&1 || {
  echo "baseline: no image $image; build it first: npm run bench -- --profile $profile --variants $variant" >&2
  exit 2
}
run_label="imagediet.run=baseline-$(date +%s)-$$"
cleanup() { docker ps -aq --filter "label=$run_label" | xargs -r docker rm -f >/dev/null; }
trap cleanup EXIT

samples=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  cid=$(docker run -d --init --label "$run_label" --label imagediet.kind=temp -p 127.0.0.1::3000 "$image")
  port=$(docker port "$cid" 3000/tcp | head -n1 | sed 's/.*://')
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)" = 200 ]; do :; done
  t1=$(date +%s%N)
  docker rm -f "$cid" >/dev/null
  samples+=("$(((t1 - t0) / 1000))")
done
printf '%s\n' "${samples[@]}" | sort -n | awk -v img="$image" '
  { s[NR] = $1 / 1000 }
  END {
    m = (NR % 2) ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2
    printf "baseline startup %s: median %.1f ms, min %.1f ms, max %.1f ms, n=%d (docker run -d + curl loop)\n", img, m, s[1], s[NR], NR
  }'

#!/bin/sh
# The export tests read imagediet's files with their consumers' own code: the Prometheus Python client's OpenMetrics
# parser and hyperfine's scripts (numpy, scipy), all from the distribution's packages for its own python3. On Debian as
# root, install those that are missing; elsewhere say how (without them those tests fail, naming what is missing).
set -eu
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import prometheus_client.openmetrics.parser, numpy, scipy.stats' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "imagediet: installing python3-prometheus-client, python3-numpy and python3-scipy (for the export tests) from the distribution's packages…" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3 python3-prometheus-client \
    python3-numpy python3-scipy >/dev/null
  exit 0
fi
echo "imagediet: $PY cannot import prometheus_client, numpy and scipy; the export tests will fail until you install python3-prometheus-client, python3-numpy and python3-scipy" >&2

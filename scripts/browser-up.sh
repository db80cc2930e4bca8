#!/bin/sh
# The lesson page test opens index.html in headless Chromium. On Debian as root, install Debian's `chromium` package
# when it is missing, with Liberation Sans, the font with Arial's widths that the charts lay their text out for;
# elsewhere say how to get it (without it that test fails).
set -eu
fonts() { [ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || ! command -v apt-get >/dev/null 2>&1; }
if { command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; } && fonts; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "imagediet: installing chromium (headless, for the lesson page test) from the distribution's packages…" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
  exit 0
fi
echo "imagediet: no chromium found; the lesson page test will fail until you install chromium or set CHROMIUM_PATH" >&2

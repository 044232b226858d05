#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end test (SwaggerUiBrowserTest) when it is
# missing: as root directly, otherwise through sudo. Where neither works it says what to do; the
# test then fails with the same advice unless ROSETTA_SKIP_BROWSER_TESTS=1 is set.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "install-browser: chromium is missing; install Debian's chromium package or set ROSETTA_SKIP_BROWSER_TESTS=1" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium

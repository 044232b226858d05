#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end test (SwaggerUiBrowserTest), when it is
# missing and we may install packages (root). Elsewhere it says what to do; the test then fails
# with the same advice unless ROSETTA_SKIP_BROWSER_TESTS=1 is set.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser: chromium is missing; run 'sudo apt-get install -y chromium' or set ROSETTA_SKIP_BROWSER_TESTS=1" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium

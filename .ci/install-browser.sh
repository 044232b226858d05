#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end tests (SwaggerUiBrowserTest,
# RpcBrowserTest) when it is missing. Where it cannot be installed the tests fail with that advice
# unless ROSETTA_SKIP_BROWSER_TESTS=1 is set.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
bash .ci/apt-install.sh ROSETTA_SKIP_BROWSER_TESTS chromium
command -v chromium || true

#!/usr/bin/env bash
# Installs what the generated-client tests (*ClientIT, Maven profile "clients") need besides
# Maven Central: Node.js and npm from Debian when missing, then the pinned TypeScript and Redocly
# CLI from gateway/src/test/clients/package-lock.json (npm ci). The openapi-generator jar and the
# java client's libraries come from Maven Central through the profile itself.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm ci --prefix gateway/src/test/clients --no-audit --no-fund --loglevel=error

#!/usr/bin/env bash
# Installs the Dockerfile linter (dockerfile-utils, pinned in docker/lint/package-lock.json) from
# the npm registry into docker/lint/node_modules, for DockerImageTest. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/../docker/lint"
if [ -x node_modules/.bin/dockerfile-utils ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error

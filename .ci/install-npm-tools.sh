#!/usr/bin/env bash
# Installs every npm package the tests run, each project pinned by its package-lock.json (npm ci),
# after Debian's nodejs and npm when node or npm is missing:
#   gateway/src/test/clients  TypeScript and Redocly CLI (generated-client tests, profile "clients")
#   gateway/src/test/node     connect-node, connect-web, protoc-gen-es (the real Connect/gRPC-Web clients)
#   docker/lint               dockerfile-utils (DockerImageTest)
# Where node cannot be had, the tests that need it fail naming this script.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  bash .ci/apt-install.sh ROSETTA_SKIP_NODE_TESTS nodejs npm
fi
for project in gateway/src/test/clients gateway/src/test/node docker/lint; do
  npm ci --prefix "$project" --no-audit --no-fund --loglevel=error
done

#!/usr/bin/env bash
# Installs the real Connect clients the end-to-end tests run (gateway/src/test/node:
# @connectrpc/connect-node, connect-web and protoc-gen-es, pinned by its package-lock.json) with
# `npm ci`, after Debian's nodejs and npm when node or npm is missing. Where they cannot be had the
# tests fail with that advice unless ROSETTA_SKIP_NODE_TESTS=1 is set.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  bash .ci/apt-install.sh ROSETTA_SKIP_NODE_TESTS nodejs npm
fi
if command -v npm >/dev/null 2>&1; then
  (cd gateway/src/test/node && npm ci --no-audit --no-fund --loglevel=error)
fi

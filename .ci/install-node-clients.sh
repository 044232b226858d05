#!/usr/bin/env bash
# Installs the real Connect clients the end-to-end tests run (gateway/src/test/node:
# @connectrpc/connect-node, connect-web and protoc-gen-es, pinned by its package-lock.json) with
# `npm ci`. When node or npm is missing, Debian's nodejs and npm are installed first: as root
# directly, otherwise through sudo. Where neither works it says what to do; the tests then fail
# with the same advice unless ROSETTA_SKIP_NODE_TESTS=1 is set.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=sudo
    else
      echo "install-node-clients: node or npm is missing; install Debian's nodejs and npm or set ROSETTA_SKIP_NODE_TESTS=1" >&2
      exit 0
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
cd gateway/src/test/node
npm ci --no-audit --no-fund --loglevel=error

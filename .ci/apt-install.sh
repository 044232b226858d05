#!/usr/bin/env bash
# usage: .ci/apt-install.sh SKIP_VARIABLE PACKAGE...
# Installs Debian packages a group of tests needs: as root directly, otherwise through sudo.
# Where neither works it says what to do and exits 0; the tests then fail with the same advice
# unless SKIP_VARIABLE=1 is set.
set -euo pipefail
SKIP=$1; shift
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "apt-install: $* missing and neither root nor sudo; install them or set $SKIP=1" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null

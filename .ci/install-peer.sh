#!/usr/bin/env bash
# Builds grpc-gateway's example backend (Go) and its descriptor set for the end-to-end test of
# grpc-gateway's full example API (GrpcGatewayExamplesEndToEndTest), with the shared peer
# scripts next to the repository (../shared/peer/setup.sh: Debian packages through apt, as root
# or through sudo, then a Go build into $PEER_BUILD, default /tmp/peer-build). Where the script
# is missing it says so; the test then fails with the same advice unless ROSETTA_SKIP_PEER_TESTS=1.
set -euo pipefail
SETUP="${PEER_SETUP:-../shared/peer/setup.sh}"
if [ ! -f "$SETUP" ]; then
  echo "install-peer: $SETUP is missing (set PEER_SETUP to the peer setup script, or ROSETTA_SKIP_PEER_TESTS=1)" >&2
  exit 0
fi
bash "$SETUP"

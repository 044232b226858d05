#!/usr/bin/env bash
# docker/jlink.sh OUT_DIR — the Java runtime the image ships: only the JDK modules Rosetta uses,
# linked by the jlink of JAVA_HOME (default: the JDK `java` on PATH belongs to). No class-data
# sharing base archive: the image's archive (docker/cds-archive.sh) is a static one of its own,
# JDK classes included, which takes the base archive's place (22 MB of the runtime's 61 MB).
# Used by docker/Dockerfile and by the integration test that runs the gateway on it
# (ShippedJarIT); the module list is reasoned in docker/jlink-modules.txt.
set -euo pipefail
OUT="${1:?usage: docker/jlink.sh OUT_DIR}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
MODULES="$(grep -v '^#' "$HERE/jlink-modules.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')"
rm -rf "$OUT"
"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$OUT"
echo "jlink: $OUT ($(du -sh "$OUT" | cut -f1)) with $MODULES"

#!/usr/bin/env bash
# docker/cds-archive.sh ARCHIVE JAVA_ARGUMENTS... — a static class-data sharing archive (AppCDS,
# JDK 17) of what one training run loads: the run, `java -XX:DumpLoadedClassList=... JAVA_ARGUMENTS`,
# lists every class it loads (the JDK's, the jar's, the lambda proxies); a second JVM then parses,
# verifies and lays out exactly those classes in ARCHIVE, for the class path of the training run.
# Used by the build (gateway/pom.xml: `-jar gateway/target/gateway.jar cds-training`), the image
# (docker/Dockerfile, with the image's own runtime) and bench/startup.sh (the start-up floor).
#
# Why static, not a dynamic archive (-XX:ArchiveClassesAtExit) layered on the JDK's base archive:
# one archive to map instead of two; the class-file-version-49 classes (picocli's, ~170 at every
# start) archived as well, where JDK 17's dynamic archives skip them; and a runtime that needs no
# base archive of its own (docker/jlink.sh makes none: the image's runtime and archive take 79 MB
# instead of 89). Start-up and RSS: the same within noise (docs/benchmarks.md, "A static archive").
#
# env: JAVA (default: $JAVA_HOME/bin/java, else `java` on PATH). Run it from the directory the
# archive's users start from: the class path is recorded as given (relative paths stay relative).
set -euo pipefail
(($# >= 2)) || { echo "usage: docker/cds-archive.sh ARCHIVE JAVA_ARGUMENTS..." >&2; exit 2; }
ARCHIVE="$1"
shift
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

# The class path the training runs on: what `-jar JAR` or `-cp PATH` gives it.
CLASS_PATH=""
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  case "${args[i]}" in
    -jar|-cp|-classpath|--class-path) CLASS_PATH="${args[i + 1]}"; break;;
  esac
done
[[ -n $CLASS_PATH ]] || { echo "cds-archive: no -jar or -cp among the training run's arguments" >&2; exit 2; }

LIST="$(mktemp "${TMPDIR:-/tmp}/cds-classes.XXXXXX")"
trap 'rm -f "$LIST"' EXIT
"$JAVA" -XX:DumpLoadedClassList="$LIST" "$@"
rm -f "$ARCHIVE"
# Serial GC: this archive holds no Java heap objects (JDK 17 archives those with G1 only), so it
# maps under any collector. Warnings (a JFR event class skipped, say) are expected and not errors.
"$JAVA" -Xshare:dump -XX:+UseSerialGC -XX:SharedClassListFile="$LIST" -XX:SharedArchiveFile="$ARCHIVE" \
  -Xlog:cds=error -cp "$CLASS_PATH"
echo "cds-archive: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)), $(grep -vc '^[#@]' "$LIST") classes listed"
